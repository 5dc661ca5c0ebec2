/**
 * Compiles a React Email component into slots, so that the runtime fills it
 * without React and gives what React Email's `render()` gives for the same
 * props. The component is rendered with stand-ins for its props
 * (symbols.ts) — once with every value present, and again with each
 * optional value absent, each list with two items and with none — and the
 * differences (regions.ts) become sections:
 *
 *   {name && <p>Hi {name}</p>}        → {{#name}}<p>Hi {{name}}</p>{{/name}}
 *   {name ?? 'there'}                 → {{#name}}{{name}}{{/name}}{{^name}}there{{/name}}
 *   items.map((i) => <li>{i.label}</li>) → {{#items}}<li>{{items.label}}</li>{{/items}}
 *   href={`mailto:${email}`}          → href="mailto:{{email}}"
 *   new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(date) → {{date:datetime:locale=en,dateStyle=long}}
 *   <Preview>Hi {name}</Preview>      → {{%preview}} … {{%pad}}, the padding counted at send time
 *
 * A value is required when the component cannot do without it: its
 * absence throws, prints `undefined`, `NaN` or today's date, or only leaves
 * a gap where the value was; a value whose absence the component handles
 * (`{note && …}`, `{name ?? 'there'}`) is optional. What cannot
 * be compiled — a string operation such as `name.split(' ')[0]`, two values
 * changing overlapping parts, a preview text cut by React Email — is a
 * problem naming the template, the prop and, where the stack shows it, the
 * line, with what to write instead.
 */
import { createElement } from 'react';
import { render as renderReact } from 'react-email';
import type { FlatField } from '../../catalog/fields.ts';
import type { ReactTemplate } from '../../project/catalog.ts';
import { PREVIEW_MAX_LENGTH } from '../../runtime/program.ts';
import { type Level, levelsOf } from '../../variables/levels.ts';
import { cleanMarkup, toText } from '../markup.ts';
import { assemble, type Change, changes, type Region, RegionError } from './regions.ts';
import { type SlotRef, STAND_IN, StandIns, withStandIns } from './symbols.ts';

export class ReactCompileError extends Error {}

export interface CompiledReact {
  subject: string;
  html: string;
  text: string;
  /** The <Preview> text with slots, unescaped, when the email has one. */
  preview?: string | undefined;
  /** The declaration with `required` set where the component cannot render without the value. */
  fields: FlatField[];
  warnings: string[];
}

type Props = Record<string, unknown>;

/**
 * The props of a level: a stand-in for each value, `lists` items for each list. A datetime is a Date, or
 * its ISO string where the sample gives a string (the template then parses it itself).
 */
function propsOf(
  level: Level,
  s: StandIns,
  lists: ReadonlyMap<string, number>,
  sample: (path: string) => unknown,
  item?: number,
): Props {
  const root: Props = {};
  const containers: Props[] = [];
  level.fields.forEach((f, i) => {
    const parent = f.parent === -1 ? root : containers[f.parent];
    if (!parent) return;
    const name = f.path.slice(f.path.lastIndexOf('.') + 1);
    const ref: SlotRef = { path: f.path, ...(item !== undefined ? { item } : {}) };
    switch (f.kind) {
      case 'object': {
        const o: Props = {};
        containers[i] = o;
        parent[name] = o;
        return;
      }
      case 'list': {
        const inner = level.lists.get(i) as Level;
        const n = lists.get(f.path) ?? 1;
        parent[name] = Array.from({ length: n }, (_, k) => propsOf(inner, s, lists, sample, k));
        return;
      }
      case 'boolean':
        parent[name] = true;
        return;
      case 'number':
      case 'minutes':
        parent[name] = s.number(ref);
        return;
      case 'datetime':
        parent[name] = typeof sample(f.path) === 'string' ? s.date(ref).toISOString() : s.date(ref);
        return;
      default:
        parent[name] = s.char(ref);
    }
  });
  return root;
}

/** The props without `path` (an optional value, object or list left out; a boolean false). */
function without(props: Props, path: string, kind: FlatField['kind']): Props {
  const copy = { ...props };
  const keys = path.split('.');
  let at: Props = copy;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) return copy;
    at[key] = { ...(next as Props) };
    at = at[key] as Props;
  }
  const last = keys[keys.length - 1] as string;
  if (kind === 'boolean') at[last] = false;
  else delete at[last];
  return copy;
}

const normalize = (html: string) =>
  html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .trim();

/** React Email's render, as a template's users call it (markup cleaned as the toolkit cleans it). */
export async function renderComponent(component: ReactTemplate['definition']['component'], props: Props) {
  return cleanMarkup(await renderReact(createElement(component as never, props)));
}

/** <Preview>'s padding, whose length follows the text's: one marker in every render the compiler compares. */
const PADDING = /(data-skip-in-text="true"[^>]*>[\s\S]*?)<div>(?:\u00a0|\u200c|\u200b|\u200d|\ufeff)+<\/div>/;
const PAD_MARK = '<div>\u0003</div>';
const markPadding = (html: string) => html.replace(PADDING, `$1${PAD_MARK}`);

/** Two renders compare equal when they differ only in whitespace between tags and comments. */
export const sameMarkup = (a: string, b: string) => normalize(a) === normalize(b);

/** Where two normalized renders first differ, with context. */
export function markupDifference(a: string, b: string): string {
  const x = normalize(a);
  const y = normalize(b);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const show = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 40), i + 60));
  return `at character ${i}: the bundle has ${show(x)}, React Email renders ${show(y)}`;
}

const decode = (s: string) =>
  s.replace(
    /&(amp|lt|gt|quot|#x27);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'" })[e] as string,
  );

export async function compileReactEmail(template: ReactTemplate, root: string): Promise<CompiledReact> {
  const { definition } = template;
  const component = definition.component;
  const fail = (message: string): never => {
    throw new ReactCompileError(message);
  };
  const s = new StandIns();
  const level = levelsOf(template.fields);
  const warnings: string[] = [];
  const required = new Set<string>();

  // React's development warnings about the compiler's own renders (an item without its key, a value left
  // out) are not the template's: silenced while it compiles. The equality check renders the samples loud.
  const quiet = console.error;
  console.error = () => {};
  return withStandIns(s, root, async () => {
    const render = async (props: Props) => markPadding(await renderComponent(component, props));
    // A path's sample value (a list's first item's, for an item field).
    const sampleAt = (path: string) =>
      path.split('.').reduce<unknown>((v, k) => {
        const at = Array.isArray(v) ? v[0] : v;
        return at && typeof at === 'object' ? (at as Props)[k] : undefined;
      }, definition.sample);
    const base = propsOf(level, s, new Map(), sampleAt);
    const baseHtml = await render(base).catch((error: unknown) =>
      fail(`does not render with its PreviewProps' props: ${(error as Error).message}`),
    );
    const regions: Region[] = [];
    const subjectRegions: { path: string; changes: Change[] }[] = [];

    /**
     * What the email shows without `path` (props rendered as given): the changes, or undefined when the
     * component cannot do without it.
     */
    const absent = async (props: Props, path: string, kind: FlatField['kind']) => {
      const blindBefore = s.blind;
      let html: string;
      try {
        html = await render(props);
      } catch {
        return undefined;
      }
      const found = changes(baseHtml, html);
      const subjectChanges =
        typeof definition.subject === 'function'
          ? changes(callSubject(definition.subject, base), callSubject(definition.subject, props))
          : [];
      if (
        kind !== 'boolean' &&
        (s.blind > blindBefore || cannotDoWithout(baseHtml, found, s, path) || subjectChanges.some(garbage))
      ) {
        return undefined;
      }
      return { found, subjectChanges };
    };
    const sectionsFor = (path: string, found: readonly Change[]) => {
      for (const c of found) {
        regions.push({
          start: c.start,
          end: c.end,
          path,
          open: `{{#${path}}}`,
          close: `{{/${path}}}${c.other ? `{{^${path}}}\u0001${c.other}\u0002{{/${path}}}` : ''}`,
        });
      }
    };

    // Optional values, objects and lists of the top level: absent (booleans false), one at a time.
    const topLevel = level.fields.filter((f) => f.parent === -1 || level.fields[f.parent]?.kind === 'object');
    for (const f of topLevel) {
      if (f.kind === 'list' || f.required) continue;
      const result = await absent(without(base, f.path, f.kind), f.path, f.kind);
      if (!result) {
        required.add(f.path);
        continue;
      }
      sectionsFor(f.path, result.found);
      if (result.subjectChanges.length) subjectRegions.push({ path: f.path, changes: result.subjectChanges });
    }

    // Lists: the item's block, found where a second item repeats it; what an empty list shows instead.
    for (const f of level.fields) {
      if (f.kind !== 'list') continue;
      if (f.parent !== -1) fail(`"${f.path}" is a list inside an object: make it a prop of its own`);
      const two = await render(propsOf(level, s, new Map([[f.path, 2]]), sampleAt)).catch((e: unknown) =>
        fail(`does not render "${f.path}" with two items: ${(e as Error).message}`),
      );
      const block = repeatedBlock(baseHtml, two, s, f.path) ?? fail(listAdvice(f.path));
      let emptyHtml: string | undefined;
      try {
        emptyHtml = await render({ ...without(base, f.path, 'list'), [f.path]: [] });
      } catch {
        required.add(f.path);
      }
      let other = '';
      if (emptyHtml !== undefined) {
        const before = baseHtml.slice(0, block.start);
        const after = baseHtml.slice(block.end);
        if (!emptyHtml.startsWith(before) || !emptyHtml.endsWith(after)) {
          fail(`with "${f.path}" empty, the email changes outside the list's own place: ${listAdvice(f.path)}`);
        }
        other = emptyHtml.slice(before.length, emptyHtml.length - after.length);
      }
      regions.push({
        start: block.start,
        end: block.end,
        path: f.path,
        open: `{{#${f.path}}}`,
        close: `{{/${f.path}}}${other ? `{{^${f.path}}}\u0001${other}\u0002{{/${f.path}}}` : ''}`,
      });

      // An item's own values, each left out of the one item: required, or a section inside the item.
      const items = level.lists.get(level.index.get(f.path) as number) as Level;
      const name = f.path.split('.').pop() as string;
      for (const g of items.fields) {
        if (g.parent !== -1 || g.kind === 'list' || g.kind === 'object' || g.required) continue;
        const key = g.path.slice(f.path.length + 1);
        const [first] = base[name] as Props[];
        const { [key]: _, ...rest } = first as Props;
        const result = await absent(
          { ...base, [name]: [key && g.kind === 'boolean' ? { ...rest, [key]: false } : rest] },
          g.path,
          g.kind,
        );
        if (!result) {
          required.add(g.path);
          continue;
        }
        if (result.found.some((c) => c.start < block.start || c.end > block.end)) {
          fail(`without an item's "${key}", the email changes outside the item's markup in "${f.path}"`);
        }
        sectionsFor(g.path, result.found);
      }
    }

    // Stand-ins to slots; what an absent render shows (between \u0001 and \u0002) is mapped the same way.
    const asIs = s.printedAsIs();
    const slots = (text: string, where: string) => {
      let out = text;
      for (const { text: printed, ref } of asIs) if (out.includes(printed)) out = out.split(printed).join(tag(ref));
      return out.replace(STAND_IN, (c) => {
        const ref = s.refOf(c);
        if (!ref) return fail(`${where}: an unknown stand-in`);
        if (ref.item !== undefined && ref.item > 0)
          return fail(`${where}: "${ref.path}" of a second item outside the list's place`);
        return tag(ref);
      });
    };
    let html: string;
    try {
      html = assemble(baseHtml, regions, (t) => slots(t, 'html'));
    } catch (error) {
      if (error instanceof RegionError) {
        return fail(
          `${error.message}: write them as one condition, or compute the text in the caller and pass it as a prop of its own`,
        );
      }
      throw error;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the compiler's own markers, never in a render
    html = html.replace(/\u0001([\s\S]*?)\u0002/g, (_, t: string) => slots(t, 'html'));

    if (s.misuses.length) {
      const m = s.misuses[0] as (typeof s.misuses)[number];
      fail(
        `${m.at ? `${m.at}: ` : ''}${m.operation} on "${m.path}" cannot be compiled: the runtime fills values without running the template; compute it in the caller and pass it as a prop of its own${s.misuses.length > 1 ? ` (${s.misuses.length - 1} more)` : ''}`,
      );
    }

    const preview = extractPreview(html, fail);
    if (preview) html = preview.html;
    let subject: string;
    if (typeof definition.subject === 'string') subject = definition.subject;
    else if (typeof definition.subject === 'function') {
      const text = callSubject(definition.subject, base);
      const parts = subjectRegions.flatMap((r) =>
        r.changes.map((c) => ({
          start: c.start,
          end: c.end,
          path: r.path,
          open: `{{#${r.path}}}`,
          close: `{{/${r.path}}}${c.other ? `{{^${r.path}}}${slots(c.other, 'subject')}{{/${r.path}}}` : ''}`,
        })),
      );
      subject = assemble(text, parts, (t) => slots(t, 'subject'));
    } else if (preview) {
      subject = preview.text;
      warnings.push('has no `export const subject`: its <Preview> text is the subject');
    } else {
      return fail('has no subject: add `export const subject = "…"` (or a function of the props), or a <Preview>');
    }
    if (/[\r\n]/.test(subject)) fail('its subject has a line break');

    const fields = template.fields.map((f) => (required.has(f.path) ? { ...f, required: true } : f));
    return { subject, html, text: toText(html), preview: preview?.text, fields, warnings };
  }).finally(() => {
    console.error = quiet;
  });
}

/** What a render shows for a value it was not given and did not expect to miss. */
const GARBAGE = /\b(?:undefined|null|NaN)\b|Invalid Date|\[object Object\]/;
const garbage = (c: Change) => GARBAGE.test(c.other);

/**
 * Whether the template needs `path`: without it, the render prints garbage (`undefined`, `NaN`), or only
 * loses the value's own characters — a gap (`Order  has shipped`) the template did nothing about. A
 * template that handles the absence (`{note && …}`, `{name ?? 'there'}`, a default) changes more.
 */
function cannotDoWithout(base: string, found: readonly Change[], s: StandIns, path: string): boolean {
  if (found.some(garbage)) return true;
  const mine = (ch: string) => {
    const ref = s.refOf(ch);
    return ref !== undefined && (ref.path === path || ref.path.startsWith(`${path}.`));
  };
  // The base's text without the value: its stand-ins gone, and an attribute that held only it (React
  // leaves out `href={undefined}`).
  const gap = (text: string) =>
    text
      .replace(/\s[\w:-]+="([\ue100-\uf8ff]+)"/g, (whole, v: string) => ([...v].every(mine) ? '' : whole))
      .replace(STAND_IN, (ch) => (mine(ch) ? '' : ch));
  return found.length > 0 && found.every((c) => gap(base.slice(c.start, c.end)) === c.other);
}

const tag = (ref: SlotRef) =>
  `{{${ref.path}${ref.format ? `:${ref.format.name}${ref.format.args ? `:${ref.format.args}` : ''}` : ''}}}`;

const callSubject = (subject: (props: Props) => string, props: Props) => {
  const value = subject(props);
  if (typeof value !== 'string') throw new ReactCompileError('`subject` must return a string');
  return value;
};

const listAdvice = (path: string) =>
  `cannot find one item's markup in "${path}" (render each item the same way, in one place: ${path}.map((item) => <Row …>…</Row>))`;

/**
 * The item block of list `path` in `base` (rendered with one item), from `two` (rendered with two): `two`
 * is `base` with one span repeated, item 0's stand-ins in the copy read as item 1's. Found from the common
 * prefix and suffix, not a token diff, which may split one inserted block into several pieces.
 */
function repeatedBlock(
  base: string,
  two: string,
  s: StandIns,
  path: string,
): { start: number; end: number } | undefined {
  const asItem = (t: string, from: number, to: number) =>
    t.replace(STAND_IN, (c) => {
      const ref = s.refOf(c);
      return ref?.item === from && ref.path.startsWith(`${path}.`) ? s.char({ ...ref, item: to }) : c;
    });
  const len = two.length - base.length;
  if (len <= 0) return undefined;
  let prefix = 0;
  while (prefix < base.length && base[prefix] === two[prefix]) prefix++;
  let suffix = 0;
  while (suffix < base.length - 0 && base[base.length - 1 - suffix] === two[two.length - 1 - suffix]) suffix++;
  // Every split point the prefix and suffix allow; the block that starts at a tag is the item's markup.
  const candidates: number[] = [];
  for (let at = prefix; at >= base.length - suffix && at >= len; at--) {
    if (asItem(base.slice(at - len, at), 0, 1) === two.slice(at, at + len)) candidates.push(at);
  }
  const at = candidates.find((a) => base[a - len] === '<') ?? candidates[0];
  return at === undefined ? undefined : { start: at - len, end: at };
}

/**
 * React Email's <Preview>: the text in <title> and in a hidden div, then padding whose length depends on
 * the text's. Both texts become {{%preview}} and the padding {{%pad}}, counted at send time from the
 * filled text (the email source's `preview`).
 */
function extractPreview(html: string, fail: (m: string) => never): { html: string; text: string } | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the padding marker (PAD_MARK)
  const div = /(<div[^>]*data-skip-in-text="true"[^>]*>)([\s\S]*?)(<div>\u0003<\/div>)?<\/div>/.exec(html);
  if (!div) return undefined;
  const [whole, open, text, padding] = div as unknown as [string, string, string, string?];
  if (padding === undefined) {
    return fail(
      `its <Preview> text is ${PREVIEW_MAX_LENGTH} characters or more here, and React Email cuts it: keep it shorter`,
    );
  }
  let out = `${html.slice(0, div.index)}${open}{{%preview}}{{%pad}}</div>${html.slice(div.index + whole.length)}`;
  const title = `<title>${text}</title>`;
  if (out.includes(title)) out = out.replace(title, '<title>{{%preview}}</title>');
  return { html: out, text: decode(text) };
}
