/**
 * The one object a template reads its data through. It has two modes with
 * the same shape:
 *  - `values`: real, validated values (development render, tests);
 *  - `slots`:  Mustache-style slots — `{{path}}` for a value and
 *              `{{#path}}…{{/path}}` / `{{^path}}…{{/path}}` for presence — so the
 *              build renders a template once per locale and the runtime fills it.
 * Because a template composes strings through `v`, `when`, `pick`, `date`,
 * `number`, `plural` and `each`, both modes produce the same markup around
 * the values, which is what makes the runtime's output byte-equal to the
 * development render. Values formatted at send time (dates, numbers) go
 * through the runtime's own formatter in both modes.
 */
import { createElement, Fragment } from 'react';
import type { Brand } from '../brand/brand.ts';
import type { FormatOptions, Scope, Thunk } from '../email/scope.ts';
import { isolate } from '../locale/bidi.ts';
import type { Direction } from '../locale/index.ts';
import { CODE_GROUP_GAP, codeGroups, formatArgs, formatter } from '../runtime/format.ts';
import type { Level } from '../variables/levels.ts';
import type { VariableModel } from '../variables/model.ts';
import type { Values } from '../variables/validate.ts';
import { MARK } from './phrases.ts';
import type { Translations } from './translations.ts';

interface ScopeBase {
  template: string;
  locale: string;
  dir: Direction;
  brand: Brand;
  model: VariableModel;
  translations: Translations;
  /** The send's time zone for dates (default UTC). */
  timeZone?: string | undefined;
  /**
   * Values mode, a segmented language: mark absent values too, and each `when`/`pick` result (see
   * phrases.ts), where the slot render has a `{{slot}}` or a section tag, so that phrase segmentation
   * treats both renders alike. (Values present are marked in every language.)
   */
  marks?: boolean | undefined;
}

/** Where paths resolve: the innermost list item's level first, then outward to the template's. */
interface Frame {
  readonly level:
    | Level
    | { readonly index: ReadonlyMap<string, number>; readonly fields: Level['fields']; readonly lists: Level['lists'] };
  readonly values?: Values | undefined;
}

const undeclared = (template: string, path: string) =>
  new Error(`Template "${template}" reads "${path}", which its variables do not declare`);

const printsObject = (template: string, path: string, what = 'object') =>
  new Error(
    `Template "${template}" prints ${what} "${path}"; print ${what === 'list' ? 'its items with s.each' : 'one of its fields'}`,
  );

/** The frame that holds `path`, innermost first; its field and value. */
function find(frames: readonly Frame[], path: string) {
  for (let k = frames.length - 1; k >= 0; k--) {
    const frame = frames[k] as Frame;
    const i = frame.level.index.get(path);
    if (i !== undefined) return { frame, i, field: frame.level.fields[i], value: frame.values?.[i] };
  }
  return undefined;
}

/** The template's top level: its fields, and the derived values after them. */
const topFrame = (model: VariableModel, values?: Values): Frame => ({
  level: { index: model.index, fields: model.level.fields, lists: model.level.lists },
  values,
});

function common(b: ScopeBase, frames: readonly Frame[]) {
  const lookup = (path: string) => {
    const hit = find(frames, path);
    if (!hit) throw undeclared(b.template, path);
    return hit;
  };
  const leaf = (path: string) => {
    const hit = lookup(path);
    const kind = hit.field?.kind;
    if (kind === 'object' || kind === 'list' || kind === 'boolean') throw printsObject(b.template, path, kind);
    return hit;
  };
  return {
    template: b.template,
    locale: b.locale,
    dir: b.dir,
    brand: b.brand,
    declares: (path: string) => find(frames, path) !== undefined,
    lookup,
    leaf,
    t(key: string, values?: Readonly<Record<string, string>>) {
      const colon = key.indexOf(':');
      const [ns, k] = colon === -1 ? [b.template, key] : [key.slice(0, colon), key.slice(colon + 1)];
      return b.translations.t(b.locale, ns, k, values);
    },
    /** `key_one`, `key_other`…: i18next's plural keys, `_other` when a category has none of its own. */
    pluralMessage(key: string, category: string, values: Readonly<Record<string, string>>) {
      const colon = key.indexOf(':');
      const [ns, k] = colon === -1 ? [b.template, key] : [key.slice(0, colon), key.slice(colon + 1)];
      const own = b.translations.message(b.locale, ns, `${k}_${category}`);
      return b.translations.t(b.locale, ns, own === undefined ? `${k}_other` : `${k}_${category}`, values);
    },
  };
}

const categories = new Map<string, string[]>();
/** The plural categories a locale uses (CLDR via Intl.PluralRules). */
function categoriesOf(locale: string): string[] {
  let hit = categories.get(locale);
  if (!hit) {
    hit = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
    categories.set(locale, hit);
  }
  return hit;
}

export function valueScope<P extends string>(
  b: ScopeBase,
  values: Values,
  frames: readonly Frame[] = [topFrame(b.model, values)],
): Scope<P> {
  const c = common(b, frames);
  // Every value and section is marked (the line-break rules must not touch values, and must see where the
  // build has a section tag); an absent one only where phrases are segmented (the slot is a boundary
  // there), so that `s.v(path) ? …` stays falsy without a value.
  const value = (v: string, mark: string = MARK.open) => (v === '' && !b.marks ? '' : mark + v + MARK.close);
  const section = (v: string) => (v === '' && !b.marks ? '' : MARK.edge + v + MARK.edge);
  const present = (path: string) => {
    const v = find(frames, path)?.value;
    return v !== undefined && !(Array.isArray(v) && v.length === 0);
  };
  // The same shape as slotScope's: a section (marked) for a declared path, none for an undeclared one.
  const when = (path: string, then: Thunk, otherwise?: Thunk): string => {
    if (!c.declares(path)) return otherwise ? otherwise() : '';
    return section(present(path) ? then() : otherwise ? otherwise() : '');
  };
  const pick = (cases: readonly (readonly [string, Thunk])[], otherwise: Thunk): string => {
    const [first, ...rest] = cases;
    if (!first) return otherwise();
    return when(first[0], first[1], () => pick(rest, otherwise));
  };
  const formatted = (path: string, name: string, options: FormatOptions = {}) => {
    const v = c.leaf(path).value;
    if (typeof v !== 'string') return value('');
    return value(
      formatter(name, formatArgs(options), b.template)(v, { locale: b.locale, dir: b.dir, timeZone: b.timeZone }),
    );
  };
  return {
    template: c.template,
    locale: c.locale,
    dir: c.dir,
    brand: c.brand,
    declares: c.declares,
    t: c.t,
    mode: 'values',
    v(path) {
      const hit = c.leaf(path);
      const v = typeof hit.value === 'string' ? hit.value : '';
      // Text a person typed (a name) is isolated for bidi; codes, URLs and addresses are not (see bidi.ts).
      // Text values are marked as such: a heading binds its last short word (phrases.ts), as the slot does.
      return hit.field?.kind === 'text' ? value(isolate(v, b.dir), MARK.text) : value(v);
    },
    block(path, children) {
      return c.declares(path) && present(path) ? createElement(Fragment, null, children) : null;
    },
    groups(path) {
      const v = c.leaf(path).value;
      const groups = typeof v === 'string' ? codeGroups(v) : [];
      if (groups.length < 2) return value(typeof v === 'string' ? v : '');
      // The markup of the runtime's `group` format (codeGroupsHtml), byte for byte.
      return createElement(
        Fragment,
        null,
        ...groups.map((g, i) =>
          createElement('span', { key: i, style: i ? { paddingLeft: CODE_GROUP_GAP } : undefined }, value(g)),
        ),
      );
    },
    when,
    pick,
    date: (path, options) => formatted(path, 'datetime', options),
    number: (path, options) => formatted(path, 'number', options),
    plural(key, path, extra = {}) {
      const v = c.leaf(path).value;
      if (typeof v !== 'string') return section('');
      const category = new Intl.PluralRules(b.locale).select(Number(v));
      const count = formatter('number', '', b.template)(v, { locale: b.locale });
      return section(c.pluralMessage(key, category, { ...extra, count: value(count) }));
    },
    each(path, render) {
      const hit = c.lookup(path);
      const level = hit.field?.kind === 'list' ? hit.frame.level.lists.get(hit.i) : undefined;
      if (!level) throw new Error(`Template "${b.template}" iterates "${path}", which is not a list`);
      const items = Array.isArray(hit.value) ? (hit.value as Values[]) : [];
      return createElement(
        Fragment,
        null,
        ...items.map((item, k) =>
          createElement(Fragment, { key: k }, render(valueScope(b, values, [...frames, { level, values: item }]), k)),
        ),
      );
    },
  };
}

export function slotScope<P extends string>(b: ScopeBase, frames: readonly Frame[] = [topFrame(b.model)]): Scope<P> {
  const c = common(b, frames);
  const when = (path: string, then: Thunk, otherwise?: Thunk): string => {
    // An undeclared path is simply absent in every email of this template.
    if (!c.declares(path)) return otherwise ? otherwise() : '';
    const yes = `{{#${path}}}${then()}{{/${path}}}`;
    return otherwise ? `${yes}{{^${path}}}${otherwise()}{{/${path}}}` : yes;
  };
  const pick = (cases: readonly (readonly [string, Thunk])[], otherwise: Thunk): string => {
    const [first, ...rest] = cases;
    if (!first) return otherwise();
    return when(first[0], first[1], () => pick(rest, otherwise));
  };
  const formatted = (path: string, name: string, options: FormatOptions = {}) => {
    c.leaf(path);
    const args = formatArgs(options);
    formatter(name, args, b.template); // an option Intl refuses fails the build here, naming it
    return `{{${path}:${name}${args ? `:${args}` : ''}}}`;
  };
  return {
    template: c.template,
    locale: c.locale,
    dir: c.dir,
    brand: c.brand,
    declares: c.declares,
    t: c.t,
    mode: 'slots',
    v(path) {
      return c.leaf(path).field?.kind === 'text' ? `{{${path}:isolate}}` : `{{${path}}}`;
    },
    groups(path) {
      c.leaf(path);
      return `{{${path}:group}}`;
    },
    block(path, children) {
      // An undeclared path is absent in every email of this template.
      return c.declares(path) ? createElement(Fragment, null, `{{#${path}}}`, children, `{{/${path}}}`) : null;
    },
    when,
    pick,
    date: (path, options) => formatted(path, 'datetime', options),
    number: (path, options) => formatted(path, 'number', options),
    plural(key, path, extra = {}) {
      c.leaf(path);
      // Every form of the locale, each in its section: the runtime keeps the one the number takes.
      return categoriesOf(b.locale)
        .map((category) => {
          const message = c.pluralMessage(key, category, { ...extra, count: `{{${path}:number}}` });
          return `{{#${path}:${category}}}${message}{{/${path}:${category}}}`;
        })
        .join('');
    },
    each(path, render) {
      const hit = c.lookup(path);
      const level = hit.field?.kind === 'list' ? hit.frame.level.lists.get(hit.i) : undefined;
      if (!level) throw new Error(`Template "${b.template}" iterates "${path}", which is not a list`);
      return createElement(
        Fragment,
        null,
        `{{#${path}}}`,
        render(slotScope(b, [...frames, { level }]), 0),
        `{{/${path}}}`,
      );
    },
  };
}

export type { Scope, ScopeBase, Thunk };
