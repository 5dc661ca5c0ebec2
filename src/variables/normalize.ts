/**
 * Normalization of user-controlled values before they reach any output.
 * Shared by the development renderer and the runtime so that both produce
 * byte-identical emails. Each function returns the normalized value or
 * throws `InvalidValue` with the reason (the caller adds template and path).
 */
import { uiLocaleTags } from '../locale/index.ts';

export class InvalidValue extends Error {}

const invalid = (reason: string): never => {
  throw new InvalidValue(reason);
};

/** Longest display text kept; longer names end in "…" so an email stays small and readable. */
export const MAX_TEXT_LENGTH = 100;
export const MAX_URL_LENGTH = 2048;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_ID_LENGTH = 256;

// C0/C1 controls (CR, LF, TAB, …) become spaces.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Characters that render as nothing, used to spoof or to fake a non-empty name: every
// Default_Ignorable_Code_Point (soft hyphen, CGJ, Hangul fillers, bidi controls, zero-width
// characters, tag characters, variation selectors, …), interlinear annotations, Braille blank.
// Kept where a sequence needs them: ZWNJ/ZWJ between two visible characters (Persian, Indic,
// emoji), a variation selector after a visible base (emoji presentation), a flag's tag characters.
const INVISIBLE =
  /(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|([^\s\p{DI}][\ufe00-\ufe0f]?[\u200c\u200d](?=[^\s\p{DI}]))|([^\s\p{DI}][\ufe00-\ufe0f\u{E0100}-\u{E01EF}])|[\p{DI}\u2800\ufff9-\ufffb]/gu;
const keepSequences = (_match: string, flag?: string, joined?: string, selected?: string) =>
  flag ?? joined ?? selected ?? '';
const SPACES = /\s+/g;
// Printable ASCII without braces, single-spaced: already normal.
const PLAIN_ASCII = /^[\x21-\x7a|~]+(?: [\x21-\x7a|~]+)*$/;
// `{{`/`}}` in a name would read as a template slot downstream (and in the quality checks).
const BRACES = /([{}])(?=\1)/g;

/**
 * Display text: controls → space, invisible characters removed, whitespace
 * collapsed, `{{`/`}}` split, NFC, at most MAX_TEXT_LENGTH characters.
 */
export function normalizeText(value: string, max: number = MAX_TEXT_LENGTH): string {
  if (value.length <= max && PLAIN_ASCII.test(value)) return value;
  const cleaned = value
    .replace(CONTROL, ' ')
    .replace(INVISIBLE, keepSequences)
    .replace(SPACES, ' ')
    .replace(BRACES, '$1 ')
    .trim()
    .normalize('NFC');
  if (cleaned.length <= max) return cleaned;
  // Cut on a code point boundary, never inside a surrogate pair.
  const points = Array.from(cleaned);
  if (points.length <= max) return cleaned;
  return `${points
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

const CODE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{2,30})[A-Za-z0-9]$/;

export function normalizeCode(value: string): string {
  const v = value.trim();
  return CODE.test(v) ? v : invalid('must be 4–32 letters or digits (hyphens allowed inside)');
}

/** An absolute http(s) URL without credentials, returned in its serialized (escaped) form. */
export function normalizeUrl(value: string): string {
  const v = value.trim();
  if (v.length > MAX_URL_LENGTH) return invalid(`is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return invalid('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalid(`must be an http(s) URL, not "${url.protocol}"`);
  }
  if (url.username || url.password) return invalid('must not contain a user name or password');
  // A URL written with nothing to encode stays as written (React prints it so; `href` would add a
  // trailing "/" to a bare origin); anything else is sent in its serialized, escaped form.
  return AS_WRITTEN.test(v) ? v : url.href;
}

/** An http(s) URL in lower-case scheme and host with only printable ASCII that needs no encoding. */
const AS_WRITTEN =
  /^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?#][\x21\x23-\x26\x28-\x3b\x3d\x3f-\x5b\x5d\x5f\x61-\x7a\x7e]*)?$/;

const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;

export function normalizeEmail(value: string): string {
  const v = value.trim();
  if (v.length > MAX_EMAIL_LENGTH) return invalid(`is longer than ${MAX_EMAIL_LENGTH} characters`);
  return EMAIL.test(v) ? v : invalid('must be an e-mail address');
}

export function normalizeId(value: string): string {
  if (value.length > MAX_ID_LENGTH) return invalid(`is longer than ${MAX_ID_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting controls is the point
  return /[\u0000-\u001f\u007f]/.test(value) ? invalid('must not contain control characters') : value;
}

export function normalizeMinutes(value: string | number): string {
  const n = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 1440
    ? String(n)
    : invalid('must be a whole number of minutes from 1 to 1440');
}

export function normalizeLocaleValue(value: string): string {
  // Malformed or excess entries are skipped, never an error: `uiLocales` comes from end users. A malformed
  // `locale` is refused where the locale is resolved (resolveLocale), which reads the caller's value.
  return uiLocaleTags(value).join(' ');
}

/** A finite number, or a string that is one, in JavaScript's own spelling (`String(n)`). */
export function normalizeNumber(value: unknown): string {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? String(n) : invalid(`must be a number (got ${JSON.stringify(value)?.slice(0, 40)})`);
}

/** A moment — a Date, an ISO 8601 string, epoch milliseconds — as an ISO 8601 string in UTC. */
export function normalizeDatetime(value: unknown): string {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number'
        ? new Date(value)
        : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())
          ? new Date(value.trim())
          : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    return invalid('must be a date: a Date, an ISO 8601 string such as 2026-12-06T09:30:00Z, or epoch milliseconds');
  }
  return date.toISOString();
}
