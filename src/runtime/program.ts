/**
 * The slot format and its compiled form.
 *
 *   {{path}}                 the value at `path` (escaped for the part: HTML or none)
 *   {{path:format:args}}     the value formatted at send time: `datetime` and `number` (Intl, in the
 *                            email's locale and the send's time zone unless `args` name them),
 *                            `isolate` (FSI … PDI around text in a right-to-left email or with a
 *                            right-to-left letter), `group` (a code in groups, in HTML only),
 *                            `upper`, `lower`, `trim`; args are `key=value` pairs joined by commas
 *   {{#path}}…{{/path}}      the content when `path` is present (non-empty); for a list, once per item,
 *                            with the item's fields as `path.field`
 *   {{^path}}…{{/path}}      the content when `path` is absent (or an empty list)
 *   {{#path:one}}…{{/path:one}}  the content when the number at `path` takes the plural category `one`
 *                            (`zero`, `two`, `few`, `many`, `other`) in the email's locale
 *   {{%preview}}             the preview text (the email source's `preview` part), cut at 200 characters,
 *                            escaped; {{%pad}} the padding React Email's <Preview> puts after it
 *
 * A part (subject, HTML, text) is parsed once into a flat program of ops: text runs, value lookups by
 * index, presence tests and list loops that jump past their section. Rendering is one pass over the
 * ops — no regex per send.
 */
import { BundleError } from '../core/errors.ts';
import type { Value } from '../variables/validate.ts';
import type { Escape } from './escape.ts';
import { type Formatter, formatter, PLURAL_CATEGORIES, type RenderContext } from './format.ts';

const TEXT = 0;
const VALUE = 1;
const IF_PRESENT = 2;
const IF_ABSENT = 3;
const LIST = 4;
const PREVIEW = 5;
const PAD = 6;

interface Op {
  readonly kind:
    | typeof TEXT
    | typeof VALUE
    | typeof IF_PRESENT
    | typeof IF_ABSENT
    | typeof LIST
    | typeof PREVIEW
    | typeof PAD;
  readonly text: string;
  /** Index into the values of the frame `up` list levels out (0: the innermost). */
  readonly index: number;
  readonly up: number;
  /** A value's format, or a presence test's plural category. */
  readonly format?: Formatter | undefined;
  readonly category?: string | undefined;
  /** For a test or a loop: the op after its section. */
  end: number;
}

export type Program = readonly Op[];

/** Where paths resolve: values of this level, and the items of a list path. */
export interface SlotScope {
  index(path: string): number | undefined;
  /** The scope of a list's items (their fields keep the list's path as prefix: `items.name`). */
  items?(path: string): SlotScope | undefined;
}

const PATH = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*';
const TAG = new RegExp(`\\{\\{([#^/%]?)(${PATH}|%?[a-z]+)(?::([a-z]+)(?::([A-Za-z0-9_=,/+.-]*))?)?\\}\\}`, 'g');

export interface SlotToken {
  readonly type: 'text' | 'value' | 'section' | 'inverted' | 'close' | 'preview' | 'pad';
  /** The path (or the text of a text token). */
  readonly value: string;
  readonly offset: number;
  /** `{{path:name:args}}`: a value's format, or a section's plural category. */
  readonly format?: { readonly name: string; readonly args: string } | undefined;
  /** The tag as written. */
  readonly raw?: string | undefined;
}

/** Splits a part into tokens; stray braces are an error (they would leak into an email). */
export function tokenize(source: string, where: string): SlotToken[] {
  const tokens: SlotToken[] = [];
  let last = 0;
  const pushText = (end: number) => {
    if (end <= last) return;
    const text = source.slice(last, end);
    const stray = text.search(/\{\{|\}\}/);
    if (stray !== -1) {
      throw new BundleError(`${where}: malformed slot near "${source.slice(last + stray, last + stray + 30)}"`);
    }
    tokens.push({ type: 'text', value: text, offset: last });
  };
  for (const match of source.matchAll(TAG)) {
    const end = match.index + match[0].length;
    if (source[match.index - 1] === '{' || source[end] === '}') {
      throw new BundleError(`${where}: malformed slot near "${source.slice(Math.max(0, match.index - 1), end + 1)}"`);
    }
    pushText(match.index);
    const [raw, sigil, path, name, args] = match as unknown as [string, string, string, string?, string?];
    const format = name ? { name, args: args ?? '' } : undefined;
    let type: SlotToken['type'];
    if (sigil === '%') {
      if (path !== 'preview' && path !== 'pad') throw new BundleError(`${where}: unknown slot "${raw}"`);
      type = path;
    } else type = sigil === '#' ? 'section' : sigil === '^' ? 'inverted' : sigil === '/' ? 'close' : 'value';
    tokens.push({ type, value: path, offset: match.index, format, raw });
    last = end;
  }
  pushText(source.length);
  return tokens;
}

/** A scope as a function of paths, for callers with one level and no lists. */
const asScope = (scope: SlotScope | ((path: string) => number | undefined)): SlotScope =>
  typeof scope === 'function' ? { index: scope } : scope;

/** Compiles a part; paths resolve in `scope` (the innermost list's items first, then outward). */
export function compile(
  source: string,
  scopeOrIndex: SlotScope | ((path: string) => number | undefined),
  where: string,
): Program {
  const ops: Op[] = [];
  const scopes: SlotScope[] = [asScope(scopeOrIndex)];
  const open: { path: string; category?: string | undefined; op: Op; list: boolean }[] = [];
  const resolve = (path: string) => {
    for (let up = 0; up < scopes.length; up++) {
      const index = (scopes[scopes.length - 1 - up] as SlotScope).index(path);
      if (index !== undefined) return { index, up };
    }
    throw new BundleError(`${where}: slot "${path}" is not a variable of this template`);
  };
  const op = (init: Omit<Op, 'end' | 'text' | 'index' | 'up'> & Partial<Op>): Op => ({
    text: '',
    index: -1,
    up: 0,
    end: -1,
    ...init,
  });
  for (const token of tokenize(source, where)) {
    switch (token.type) {
      case 'text':
        ops.push(op({ kind: TEXT, text: token.value }));
        break;
      case 'value':
        ops.push(
          op({
            kind: VALUE,
            ...resolve(token.value),
            format: token.format ? formatter(token.format.name, token.format.args, where) : undefined,
          }),
        );
        break;
      case 'preview':
        ops.push(op({ kind: PREVIEW }));
        break;
      case 'pad':
        ops.push(op({ kind: PAD }));
        break;
      case 'section':
      case 'inverted': {
        const at = resolve(token.value);
        const category = token.format?.name;
        if (category !== undefined && (!PLURAL_CATEGORIES.has(category) || token.format?.args)) {
          throw new BundleError(`${where}: "${token.raw}" tests an unknown plural category "${category}"`);
        }
        // A present section of a list is a loop over its items (a plural test is never one).
        const items = category === undefined && at.up === 0 ? scopes.at(-1)?.items?.(token.value) : undefined;
        const list = token.type === 'section' && items !== undefined;
        const o = op({ kind: list ? LIST : token.type === 'section' ? IF_PRESENT : IF_ABSENT, ...at, category });
        ops.push(o);
        open.push({ path: token.value, category, op: o, list });
        if (list) scopes.push(items as SlotScope);
        break;
      }
      case 'close': {
        const top = open.pop();
        if (!top || top.path !== token.value || top.category !== token.format?.name) {
          throw new BundleError(
            `${where}: "${token.raw ?? `{{/${token.value}}}`}" closes ${top ? `"${top.path}${top.category ? `:${top.category}` : ''}"` : 'nothing'}`,
          );
        }
        if (top.list) scopes.pop();
        top.op.end = ops.length;
        break;
      }
    }
  }
  const unclosed = open.pop();
  if (unclosed) throw new BundleError(`${where}: section "${unclosed.path}" is never closed`);
  return ops;
}

/** A value: a string, `true` (a present object or boolean), a list's items, or `undefined` (absent). */
export type SlotValue = Value;

/** What a part needs besides its values: the locale and time zone of formats, the preview text. */
export interface RunContext extends RenderContext {
  /** The email's preview text (unescaped), for {{%preview}} and {{%pad}}. */
  previewText?: string | undefined;
}

/** React Email's <Preview>: the text is cut at 200 characters and padded up to 200 with invisible characters. */
export const PREVIEW_MAX_LENGTH = 200;
/** What React Email 6 repeats after the preview text (the build checks a template's render pads with it). */
export const PREVIEW_PADDING = '\u00a0\u200c\u200b\u200d\ufeff';

export const previewText = (text: string) => text.substring(0, PREVIEW_MAX_LENGTH);

const present = (value: SlotValue) => value !== undefined && !(Array.isArray(value) && value.length === 0);

/** Fills a compiled part. `frames` are the values of the top level, then of each list item entered. */
function runFrames(
  program: Program,
  from: number,
  to: number,
  frames: (readonly SlotValue[])[],
  escapeValue: Escape,
  context: RunContext,
): string {
  let out = '';
  for (let pc = from; pc < to; pc++) {
    const op = program[pc] as Op;
    const frame = frames[frames.length - 1 - op.up] as readonly SlotValue[];
    switch (op.kind) {
      case TEXT:
        out += op.text;
        break;
      case VALUE: {
        const value = frame[op.index];
        if (typeof value !== 'string') break;
        if (op.format?.markup && context.markup) out += op.format.markup(value, escapeValue);
        else out += escapeValue(op.format ? op.format(value, context) : value);
        break;
      }
      case IF_PRESENT:
      case IF_ABSENT: {
        const value = frame[op.index];
        let yes = present(value);
        if (yes && op.category !== undefined) {
          yes = typeof value === 'string' && pluralOf(value, context) === op.category;
        }
        if (yes !== (op.kind === IF_PRESENT)) pc = op.end - 1;
        break;
      }
      case LIST: {
        const items = frame[op.index];
        if (Array.isArray(items)) {
          for (const item of items) out += runFrames(program, pc + 1, op.end, [...frames, item], escapeValue, context);
        }
        pc = op.end - 1;
        break;
      }
      case PREVIEW:
        out += escapeValue(previewText(context.previewText ?? ''));
        break;
      case PAD: {
        const length = previewText(context.previewText ?? '').length;
        if (length < PREVIEW_MAX_LENGTH) out += `<div>${PREVIEW_PADDING.repeat(PREVIEW_MAX_LENGTH - length)}</div>`;
        break;
      }
    }
  }
  return out;
}

const plurals = new Map<string, Intl.PluralRules>();
function pluralOf(value: string, context: RenderContext): string {
  let rules = plurals.get(context.locale);
  if (!rules) {
    rules = new Intl.PluralRules(context.locale);
    if (plurals.size < 500) plurals.set(context.locale, rules);
  }
  return rules.select(Number(value));
}

/** Fills a compiled part. */
export function run(
  program: Program,
  values: readonly SlotValue[],
  escapeValue: Escape,
  context: RunContext = { locale: 'en' },
): string {
  return runFrames(program, 0, program.length, [values], escapeValue, context);
}

/** The paths a part reads, for build-time checks. */
export const slotPaths = (source: string, where: string) =>
  new Set(
    tokenize(source, where)
      .filter((t) => t.type !== 'text' && t.type !== 'preview' && t.type !== 'pad')
      .map((t) => t.value),
  );
