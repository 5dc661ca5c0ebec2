/**
 * Where two renders of a template differ, and the slot text that reproduces
 * both. The compiler renders a template with every value present (the base)
 * and again with one value absent, a list longer or empty; each difference
 * is a region of the base with what the other render has instead. Regions of
 * different values must nest (an optional field inside an optional object)
 * or stay apart; they become `{{#path}}…{{/path}}{{^path}}…{{/path}}` and list
 * sections around the base's text.
 */
import { diffArrays } from 'diff';

/** One difference: base[start, end) reads `other` in the render without `path`. */
export interface Change {
  readonly start: number;
  readonly end: number;
  readonly other: string;
}

/** Tags whole, stand-ins alone, words, runs of space: differences align on what a reader sees. */
const TOKEN = /<[^>]*>|[\ue100-\uf8ff]|[^\s<\ue100-\uf8ff]+|\s+/g;

export function changes(base: string, other: string): Change[] {
  if (base === other) return [];
  const a = base.match(TOKEN) ?? [];
  const b = other.match(TOKEN) ?? [];
  const out: Change[] = [];
  let at = 0;
  let pending: { start: number; end: number; other: string } | undefined;
  const flushAt = () => {
    if (!pending) return;
    // Never into the previous difference: its base text is already replaced.
    const floor = out[out.length - 1]?.end ?? 0;
    // A removal or an insertion is placed as far left as it can go: two values' differences that meet
    // at a space then stay apart (" from {{ip}}" and " ({{location}})", not "from {{ip}} " and " (…").
    // Never across a tag's bracket: a section inside a tag would break the markup the text part is read from.
    const movable = (c: string | undefined) => c !== undefined && c !== '<' && c !== '>';
    if (!pending.other) {
      while (
        pending.start > floor &&
        movable(base[pending.start - 1]) &&
        base[pending.start - 1] === base[pending.end - 1]
      ) {
        pending.start--;
        pending.end--;
      }
    } else if (pending.start === pending.end) {
      while (
        pending.start > floor &&
        movable(base[pending.start - 1]) &&
        base[pending.start - 1] === pending.other[pending.other.length - 1]
      ) {
        pending.other = base[pending.start - 1] + pending.other.slice(0, -1);
        pending.start--;
        pending.end--;
      }
    }
  };
  const flush = () => {
    flushAt();
    const last = out[out.length - 1];
    // Differences that meet are one (a zero-length one at another's edge would otherwise nest in it).
    if (pending && last && pending.start <= last.end) {
      out[out.length - 1] = {
        start: last.start,
        end: Math.max(last.end, pending.end),
        other: last.other + pending.other,
      };
    } else if (pending) out.push(pending);
    pending = undefined;
  };
  for (const part of diffArrays(a, b)) {
    const text = part.value.join('');
    if (!part.added && !part.removed) {
      flush();
      at += text.length;
      continue;
    }
    pending ??= { start: at, end: at, other: '' };
    if (part.removed) {
      at += text.length;
      pending.end = at;
    } else pending.other += text;
  }
  flush();
  return out;
}

/** A region of the base and what surrounds its text in the slot format. */
export interface Region {
  readonly start: number;
  readonly end: number;
  /** The path it depends on, for messages. */
  readonly path: string;
  /** Slot text before and after the region's own text (`{{#p}}`, `{{/p}}{{^p}}…{{/p}}`). */
  readonly open: string;
  readonly close: string;
}

export class RegionError extends Error {}

/**
 * The base with every region's tags put around its text, regions nested by their extent; `text` maps
 * the base's own characters (stand-ins to slots). Two regions that overlap without one holding the other
 * cannot be written as sections.
 */
export function assemble(base: string, regions: readonly Region[], text: (s: string) => string): string {
  // By start; at one start, an insertion (nothing of the base) first, then the longest region.
  const zero = (r: Region) => (r.start === r.end ? 0 : 1);
  const sorted = [...regions].sort((x, y) => x.start - y.start || zero(x) - zero(y) || y.end - x.end);
  const emit = (from: number, to: number, inner: Region[]): string => {
    let out = '';
    let at = from;
    while (inner.length) {
      const r = inner.shift() as Region;
      const children: Region[] = [];
      while (inner.length && (inner[0] as Region).start < r.end) {
        const c = inner.shift() as Region;
        if (c.end > r.end) {
          throw new RegionError(`"${r.path}" and "${c.path}" change overlapping parts of the email`);
        }
        children.push(c);
      }
      out += text(base.slice(at, r.start)) + r.open + emit(r.start, r.end, children) + r.close;
      at = r.end;
    }
    return out + text(base.slice(at, to));
  };
  return emit(0, base.length, sorted);
}
