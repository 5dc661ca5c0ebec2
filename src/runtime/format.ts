/**
 * Values formatted at send time (`{{path:format:args}}`): dates and numbers
 * with Intl in the email's locale and the send's time zone — or the locale
 * and time zone the template named —, case changes, and bidi isolation of
 * text (src/locale/bidi.ts). A format and its
 * arguments are checked when the bundle is compiled, so a send never meets
 * an unknown one.
 */
import { BundleError } from '../core/errors.ts';
import { isolate } from '../locale/bidi.ts';
import type { Direction } from '../locale/index.ts';

export interface RenderContext {
  /** The email's locale. */
  locale: string;
  /** The email's direction, for `isolate` (default ltr). */
  dir?: Direction | undefined;
  /** IANA time zone of the send (`timeZone`), for dates; default UTC. */
  timeZone?: string | undefined;
  /** The part is HTML: a format with markup (`group`) writes it. */
  markup?: boolean | undefined;
}

export interface Formatter {
  (value: string, context: RenderContext): string;
  /** The value as HTML markup (it escapes the value itself), where a format reads differently there. */
  readonly markup?: ((value: string, escapeText: (text: string) => string) => string) | undefined;
}

export const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** The fields of an Intl.DateTimeFormat's options a resolved format reports (the compile reads them back). */
export const INTL_DATE_FIELDS = [
  'dateStyle',
  'timeStyle',
  'weekday',
  'era',
  'year',
  'month',
  'day',
  'dayPeriod',
  'hour',
  'minute',
  'second',
  'fractionalSecondDigits',
  'timeZoneName',
  'hourCycle',
] as const;
/** The same for Intl.NumberFormat. */
export const INTL_NUMBER_FIELDS = [
  'style',
  'currency',
  'currencyDisplay',
  'currencySign',
  'unit',
  'unitDisplay',
  'notation',
  'compactDisplay',
  'signDisplay',
  'useGrouping',
  'minimumIntegerDigits',
  'minimumFractionDigits',
  'maximumFractionDigits',
  'minimumSignificantDigits',
  'maximumSignificantDigits',
  'roundingMode',
] as const;
// What a slot's format may name: those, a few more Intl takes, and a fixed locale.
const DATE_OPTIONS = new Set<string>([
  ...INTL_DATE_FIELDS,
  'hour12',
  'calendar',
  'numberingSystem',
  'timeZone',
  'locale',
]);
const NUMBER_OPTIONS = new Set<string>([...INTL_NUMBER_FIELDS, 'numberingSystem', 'locale']);

/** `dateStyle=long,timeZone=UTC` → an options object (numbers and booleans typed). */
export function parseFormatArgs(args: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const pair of args ? args.split(',') : []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`"${pair}" is not key=value`);
    const value = pair.slice(eq + 1);
    out[pair.slice(0, eq)] =
      value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

/** The args of a format, in the slot syntax (the inverse of parseFormatArgs). */
export const formatArgs = (options: Readonly<Record<string, string | number | boolean | undefined>>) =>
  Object.entries(options)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let hit = cache.get(key) as T | undefined;
  if (!hit) {
    hit = make();
    if (cache.size < 2_000) cache.set(key, hit);
  }
  return hit;
}

/**
 * A one-time code in groups for reading ("482 915"): 3s for 6 or 9 characters, 4s for 8 or 12, halves up to
 * 10 otherwise; whole under 6 characters or when it has its own hyphens.
 */
export function codeGroups(code: string): string[] {
  const n = code.length;
  if (n < 6 || code.includes('-')) return [code];
  const size = n % 3 === 0 && n <= 9 ? 3 : n % 4 === 0 ? 4 : n % 3 === 0 ? 3 : n <= 10 ? Math.ceil(n / 2) : n;
  const groups: string[] = [];
  for (let i = 0; i < n; i += size) groups.push(code.slice(i, i + size));
  return groups;
}

/**
 * The gap between a code's groups: padding, not a space character, so that copying the code (or a client
 * reading it out) yields the characters alone. Outlook for Windows ignores padding on a span and shows the
 * code whole.
 */
export const CODE_GROUP_GAP = '12px';

/** The groups as React renders them (`<span>482</span><span style="padding-left:12px">915</span>`). */
export const codeGroupsHtml = (code: string, escapeText: (text: string) => string) => {
  const groups = codeGroups(code);
  if (groups.length === 1) return escapeText(code);
  return groups
    .map((g, i) =>
      i === 0
        ? `<span>${escapeText(g)}</span>`
        : `<span style="padding-left:${CODE_GROUP_GAP}">${escapeText(g)}</span>`,
    )
    .join('');
};

/** A name in a heading up to this long is kept whole on one line ("Acme Cloud" never splits). */
const WHOLE_NAME = 24;

/**
 * A value in a heading: a short one (a product's or a person's name) kept whole with no-break spaces; a
 * longer one keeps its last word, when short (up to 4 letters), with the word before.
 */
export function bindLastWord(text: string): string {
  if ([...text].length <= WHOLE_NAME) return text.replace(/ /g, '\u00a0');
  const space = text.lastIndexOf(' ');
  if (space <= 0) return text;
  const letters = [...text.slice(space + 1).replace(/[\p{P}\p{S}\p{Cf}]/gu, '')].length;
  return letters > 0 && letters <= 4 ? `${text.slice(0, space)}\u00a0${text.slice(space + 1)}` : text;
}

/** The formatter of `{{path:name:args}}`, or a BundleError naming what is wrong. */
export function formatter(name: string, args: string, where: string): Formatter {
  let options: Record<string, string | number | boolean>;
  try {
    options = parseFormatArgs(args);
  } catch (error) {
    throw new BundleError(`${where}: format "${name}": ${(error as Error).message}`);
  }
  const check = (allowed: Set<string>) => {
    const unknown = Object.keys(options).filter((k) => !allowed.has(k));
    if (unknown.length) throw new BundleError(`${where}: format "${name}" has no option ${unknown.join(', ')}`);
  };
  const { locale: fixed, ...intl } = options;
  switch (name) {
    case 'datetime': {
      check(DATE_OPTIONS);
      // Checked now: an option Intl refuses would otherwise fail a send.
      try {
        new Intl.DateTimeFormat(typeof fixed === 'string' ? fixed : 'en', { timeZone: 'UTC', ...intl });
      } catch (error) {
        throw new BundleError(`${where}: format "datetime": ${(error as Error).message}`);
      }
      return (value, context) => {
        const locale = typeof fixed === 'string' ? fixed : context.locale;
        const timeZone = (intl.timeZone as string | undefined) ?? context.timeZone ?? 'UTC';
        return cached(
          `d\u0000${locale}\u0000${timeZone}\u0000${args}`,
          () => new Intl.DateTimeFormat(locale, { ...intl, timeZone }),
        ).format(new Date(value));
      };
    }
    case 'number': {
      check(NUMBER_OPTIONS);
      try {
        new Intl.NumberFormat(typeof fixed === 'string' ? fixed : 'en', intl);
      } catch (error) {
        throw new BundleError(`${where}: format "number": ${(error as Error).message}`);
      }
      return (value, context) => {
        const locale = typeof fixed === 'string' ? fixed : context.locale;
        return cached(`n\u0000${locale}\u0000${args}`, () => new Intl.NumberFormat(locale, intl)).format(Number(value));
      };
    }
    case 'isolate': {
      // `bind=last`: the value ends a heading, so its short last word keeps to the word before it.
      const bind = options.bind;
      if (Object.keys(options).some((k) => k !== 'bind') || (bind !== undefined && bind !== 'last'))
        throw new BundleError(`${where}: format "isolate" takes only bind=last`);
      return bind
        ? (v, context) => isolate(bindLastWord(v), context.dir ?? 'ltr')
        : (v, context) => isolate(v, context.dir ?? 'ltr');
    }
    case 'group': {
      // The code as it is in a subject or text part (what a lock screen or autofill reads); grouped in HTML.
      if (args) throw new BundleError(`${where}: format "group" takes no arguments`);
      return Object.assign((v: string) => v, { markup: codeGroupsHtml });
    }
    case 'upper':
    case 'lower':
    case 'trim':
      if (args) throw new BundleError(`${where}: format "${name}" takes no arguments`);
      return name === 'upper' ? (v) => v.toUpperCase() : name === 'lower' ? (v) => v.toLowerCase() : (v) => v.trim();
    default:
      throw new BundleError(
        `${where}: unknown format "${name}" (datetime, number, isolate, group, upper, lower, trim)`,
      );
  }
}
