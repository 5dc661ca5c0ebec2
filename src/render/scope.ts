/**
 * The one object a template reads its data through. It has two modes with
 * the same shape:
 *  - `values`: real, validated values (development render, tests);
 *  - `slots`:  Mustache-style slots — `{{path}}` for a value and
 *              `{{#path}}…{{/path}}` / `{{^path}}…{{/path}}` for presence — so the
 *              build renders a template once per locale and the runtime fills it.
 * Because a template composes strings through `v`, `when` and `pick`, both
 * modes produce the same markup around the values, which is what makes the
 * runtime's output byte-equal to the development render.
 */
import type { Brand } from '../brand/brand.ts';
import type { Scope, Thunk } from '../email/scope.ts';
import type { Direction } from '../locale/index.ts';
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
  /**
   * Values mode: mark each value and each `when`/`pick` result (see phrases.ts), where the slot render
   * has a `{{slot}}` or a section tag, so that phrase segmentation treats both renders alike.
   */
  marks?: boolean | undefined;
}

function base(b: ScopeBase) {
  return {
    template: b.template,
    locale: b.locale,
    dir: b.dir,
    brand: b.brand,
    declares: (path: string) => b.model.index.has(path),
    t(key: string, values?: Readonly<Record<string, string>>) {
      const colon = key.indexOf(':');
      const [ns, k] = colon === -1 ? [b.template, key] : [key.slice(0, colon), key.slice(colon + 1)];
      return b.translations.t(b.locale, ns, k, values);
    },
  };
}

const undeclared = (template: string, path: string) =>
  new Error(`Template "${template}" reads "${path}", which its variables do not declare`);

const printsObject = (template: string, path: string) =>
  new Error(`Template "${template}" prints object "${path}"; print one of its fields`);

export function valueScope<P extends string>(b: ScopeBase, values: Values): Scope<P> {
  const get = (path: string) => {
    const i = b.model.index.get(path);
    return i === undefined ? undefined : values[i];
  };
  const present = (path: string) => get(path) !== undefined;
  const value = (v: string) => (b.marks ? MARK.open + v + MARK.close : v);
  const section = (v: string) => (b.marks ? MARK.edge + v + MARK.edge : v);
  // The same shape as slotScope's: a section (marked) for a declared path, none for an undeclared one.
  const when = (path: string, then: Thunk, otherwise?: Thunk): string => {
    if (!b.model.index.has(path)) return otherwise ? otherwise() : '';
    return section(present(path) ? then() : otherwise ? otherwise() : '');
  };
  const pick = (cases: readonly (readonly [string, Thunk])[], otherwise: Thunk): string => {
    const [first, ...rest] = cases;
    if (!first) return otherwise();
    return when(first[0], first[1], () => pick(rest, otherwise));
  };
  return {
    ...base(b),
    mode: 'values',
    v(path) {
      if (!b.model.index.has(path)) throw undeclared(b.template, path);
      const v = get(path);
      if (v === true) throw printsObject(b.template, path);
      return value(v ?? '');
    },
    when,
    pick,
  };
}

export function slotScope<P extends string>(b: ScopeBase): Scope<P> {
  const declared = (path: string) => b.model.index.has(path);
  const when = (path: string, then: Thunk, otherwise?: Thunk): string => {
    // An undeclared path is simply absent in every email of this template.
    if (!declared(path)) return otherwise ? otherwise() : '';
    const yes = `{{#${path}}}${then()}{{/${path}}}`;
    return otherwise ? `${yes}{{^${path}}}${otherwise()}{{/${path}}}` : yes;
  };
  const pick = (cases: readonly (readonly [string, Thunk])[], otherwise: Thunk): string => {
    const [first, ...rest] = cases;
    if (!first) return otherwise();
    return when(first[0], first[1], () => pick(rest, otherwise));
  };
  return {
    ...base(b),
    mode: 'slots',
    v(path) {
      if (!declared(path)) throw undeclared(b.template, path);
      if (b.model.fields[b.model.index.get(path) as number]?.kind === 'object') throw printsObject(b.template, path);
      return `{{${path}}}`;
    },
    when,
    pick,
  };
}

export type { Scope, ScopeBase, Thunk };
