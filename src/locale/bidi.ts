/**
 * Bidirectional text: what keeps an inserted value and a line of the text
 * part in their own order when the email reads right to left.
 *
 * Values are wrapped in FSI … PDI (U+2068 … U+2069, Unicode 6.3 isolates),
 * not `<bdi>` or `<span dir="auto">`: most mail clients drop `<bdi>`
 * (caniemail), a span's `dir` does not exist in a subject, preheader or text
 * part, and the isolate characters work in all four. Inside the isolate the
 * value takes the direction of its first strong letter, so "Acme!" keeps its
 * "!" on the right in an Arabic sentence; outside, the isolate counts as one
 * neutral character, so it cannot reorder the sentence either.
 */
import type { Direction } from './index.ts';

export const FSI = '\u2068';
export const LRI = '\u2066';
export const PDI = '\u2069';

// Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, their
// presentation forms, and the RTL blocks of the supplementary planes).
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** Whether a text holds a right-to-left letter. */
export const hasRtl = (text: string) => STRONG_RTL.test(text);

/**
 * An inserted value, isolated where it could be reordered: in a right-to-left email, or when it holds
 * a right-to-left letter (a Hebrew name in an English sentence). A left-to-right value in a
 * left-to-right email needs nothing and gets nothing.
 */
export const isolate = (value: string, dir: Direction) =>
  value !== '' && (dir === 'rtl' || hasRtl(value)) ? FSI + value + PDI : value;

// What the rule below must not touch: isolates already there, and lines a client links (a URL, an address),
// where an invisible character beside the link could become part of it.
const ISOLATED = /[\u2066-\u2068][^\u2069]*\u2069/g;
const LINKED = /:\/\/|@/;
const FIRST_OR_LAST_WEAK = /^[^\p{L}]|[^\p{L}\p{N}]$/u;

/**
 * The text part of a right-to-left email: a line of left-to-right text only ("Acme Inc.",
 * "1 Market Street, …") that a client lays out right to left would move its leading number or its
 * closing punctuation to the wrong end. Such a line is isolated as left-to-right (LRI … PDI); a line
 * with a right-to-left letter, a link or an address, or nothing that could move, stays as it is.
 */
export function keepLtrLines(text: string, dir: Direction): string {
  if (dir !== 'rtl') return text;
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      const own = trimmed.replace(ISOLATED, '');
      if (!/\p{L}/u.test(own) || hasRtl(own) || LINKED.test(trimmed) || !FIRST_OR_LAST_WEAK.test(trimmed)) return line;
      return LRI + line + PDI;
    })
    .join('\n');
}
