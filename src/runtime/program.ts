/**
 * The slot format and its compiled form.
 *
 *   {{path}}               the value at `path` (escaped for the part: HTML or none)
 *   {{#path}}…{{/path}}    the content when `path` is present (non-empty)
 *   {{^path}}…{{/path}}    the content when `path` is absent
 *
 * A part (subject, HTML, text) is parsed once into a flat program of ops:
 * text runs, value lookups by index, and presence tests that jump past their
 * section. Rendering is one pass over the ops — no regex per send.
 */
import { BundleError } from '../core/errors.ts';
import type { Escape } from './escape.ts';

const TEXT = 0;
const VALUE = 1;
const IF_PRESENT = 2;
const IF_ABSENT = 3;

interface Op {
  readonly kind: typeof TEXT | typeof VALUE | typeof IF_PRESENT | typeof IF_ABSENT;
  readonly text: string;
  /** Index into the values array. */
  readonly index: number;
  /** For a test: the op to jump to when the section is skipped. */
  end: number;
}

export type Program = readonly Op[];

const TAG = /\{\{([#^/]?)([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}\}/g;

export interface SlotToken {
  readonly type: 'text' | 'value' | 'section' | 'inverted' | 'close';
  readonly value: string;
  readonly offset: number;
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
    const [, sigil, path] = match as unknown as [string, string, string];
    const type = sigil === '#' ? 'section' : sigil === '^' ? 'inverted' : sigil === '/' ? 'close' : 'value';
    tokens.push({ type, value: path, offset: match.index });
    last = end;
  }
  pushText(source.length);
  return tokens;
}

/** Compiles a part; `indexOf` maps a path to its value index (or `undefined` if the template lacks it). */
export function compile(source: string, indexOf: (path: string) => number | undefined, where: string): Program {
  const ops: Op[] = [];
  const open: { path: string; op: Op }[] = [];
  const index = (path: string) => {
    const i = indexOf(path);
    if (i === undefined) throw new BundleError(`${where}: slot "${path}" is not a variable of this template`);
    return i;
  };
  for (const token of tokenize(source, where)) {
    switch (token.type) {
      case 'text':
        ops.push({ kind: TEXT, text: token.value, index: -1, end: -1 });
        break;
      case 'value':
        ops.push({ kind: VALUE, text: '', index: index(token.value), end: -1 });
        break;
      case 'section':
      case 'inverted': {
        const op: Op = {
          kind: token.type === 'section' ? IF_PRESENT : IF_ABSENT,
          text: '',
          index: index(token.value),
          end: -1,
        };
        ops.push(op);
        open.push({ path: token.value, op });
        break;
      }
      case 'close': {
        const top = open.pop();
        if (!top || top.path !== token.value) {
          throw new BundleError(`${where}: "{{/${token.value}}}" closes ${top ? `"${top.path}"` : 'nothing'}`);
        }
        top.op.end = ops.length;
        break;
      }
    }
  }
  const unclosed = open.pop();
  if (unclosed) throw new BundleError(`${where}: section "${unclosed.path}" is never closed`);
  return ops;
}

/** Fills a compiled part. `values[i]` is a string, `true` (present object) or `undefined` (absent). */
export function run(program: Program, values: readonly unknown[], escapeValue: Escape): string {
  let out = '';
  const n = program.length;
  for (let pc = 0; pc < n; pc++) {
    const op = program[pc] as Op;
    switch (op.kind) {
      case TEXT:
        out += op.text;
        break;
      case VALUE: {
        const value = values[op.index];
        if (typeof value === 'string') out += escapeValue(value);
        break;
      }
      case IF_PRESENT:
        if (values[op.index] === undefined) pc = op.end - 1;
        break;
      case IF_ABSENT:
        if (values[op.index] !== undefined) pc = op.end - 1;
        break;
    }
  }
  return out;
}

/** The paths a part reads, for build-time checks. */
export const slotPaths = (source: string, where: string) =>
  new Set(
    tokenize(source, where)
      .filter((t) => t.type !== 'text')
      .map((t) => t.value),
  );
