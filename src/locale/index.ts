/**
 * Locale tags and resolution. React- and i18next-free: the runtime uses the
 * same resolution as the development renderer.
 */
import { UnknownLocaleError } from '../core/errors.ts';

/** The default locale of a project that names none (`locales.default` in the config). */
export const DEFAULT_LOCALE = 'en';

export type Direction = 'ltr' | 'rtl';

/** The canonical BCP 47 form of a tag (`De-at` → `de-AT`, `zh-hant-tw` → `zh-Hant-TW`), or undefined. */
export function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** Scripts written right to left (ISO 15924), as CLDR's likely subtags assign them to languages. */
const RTL_SCRIPTS = new Set([
  'Adlm',
  'Arab',
  'Aran',
  'Hebr',
  'Mand',
  'Mend',
  'Nkoo',
  'Rohg',
  'Samr',
  'Syrc',
  'Thaa',
  'Yezi',
]);

const directions = new Map<string, Direction>();

/**
 * The text direction of a tag, from its script: the one it names, else the
 * one CLDR's likely subtags give its language (`ar` → Arab, `fa-IR` → Arab,
 * `he` → Hebr, `dv` → Thaa, `az-Arab` → Arab, `ar-Latn` → Latn). Intl's own
 * text info is the fallback for a script outside the list.
 */
export function directionOf(tag: string): Direction {
  let dir = directions.get(tag);
  if (dir) return dir;
  try {
    const locale = new Intl.Locale(tag.replaceAll('_', '-')).maximize();
    const info = (locale as Intl.Locale & { textInfo?: { direction?: string } }).textInfo;
    dir = RTL_SCRIPTS.has(locale.script ?? '') || (!locale.script && info?.direction === 'rtl') ? 'rtl' : 'ltr';
  } catch {
    dir = 'ltr';
  }
  if (directions.size < 1000) directions.set(tag, dir);
  return dir;
}

interface Parsed {
  tag: string;
  language: string;
  script: string;
  region: string;
}

const parsedCache = new Map<string, Parsed | null>();

/** Canonicalizes and maximizes a tag (`zh-hk` → zh/Hant/HK); `null` when it is not BCP 47. */
function parse(raw: string): Parsed | null {
  let hit = parsedCache.get(raw);
  if (hit !== undefined) return hit;
  try {
    const loc = new Intl.Locale(raw.replaceAll('_', '-'));
    const max = loc.maximize();
    hit = { tag: loc.toString(), language: loc.language, script: max.script ?? '', region: max.region ?? '' };
  } catch {
    hit = null;
  }
  if (parsedCache.size < 1000) parsedCache.set(raw, hit);
  return hit;
}

/**
 * CLDR parent locales that maximization alone gets wrong for our set:
 * Portuguese outside Brazil follows pt-PT; Macao follows Hong Kong.
 */
function cldrParent(p: Parsed): string | undefined {
  if (p.language === 'pt' && p.region !== 'BR') return 'pt-PT';
  if (p.language === 'zh' && p.script === 'Hant' && p.region === 'MO') return 'zh-HK';
  return undefined;
}

/**
 * Best supported tag for one requested tag: exact (case-insensitive), then
 * language + region, then CLDR parent, then language + script (`zh-Hant` →
 * zh-TW, `de-AT` → de). `undefined` when nothing matches or `tag` is malformed.
 */
export function matchLocale(tag: string, supported: readonly string[]): string | undefined {
  const wanted = parse(tag);
  if (!wanted) return undefined;
  const lower = wanted.tag.toLowerCase();
  const exact = supported.find((s) => s.toLowerCase() === lower);
  if (exact) return exact;
  const sameLanguage = supported.flatMap((s) => {
    const p = parse(s);
    return p && p.language === wanted.language ? [{ s, p }] : [];
  });
  if (sameLanguage.length === 0) return undefined;
  const byRegion = sameLanguage.find(({ p }) => p.script === wanted.script && p.region === wanted.region);
  if (byRegion) return byRegion.s;
  const parent = cldrParent(wanted);
  if (parent && supported.includes(parent)) return parent;
  const sameScript = sameLanguage.filter(({ p }) => p.script === wanted.script);
  // Among same-script candidates prefer the language's default region (`zh-Hant` → TW).
  return (sameScript.find(({ p }) => !p.tag.includes('-')) ?? sameScript[0])?.s;
}

export interface LocaleRequest {
  /** The tag the caller asks for (Logto's resolved `payload.locale`). */
  locale?: string | undefined;
  /** Raw OIDC `ui_locales`: space-separated tags in order of preference. */
  uiLocales?: string | undefined;
}

export interface ResolvedLocale {
  locale: string;
  dir: Direction;
  /** Where the choice came from. */
  source: 'locale' | 'uiLocales' | 'default';
}

/** At most this many `uiLocales` entries are read: the list comes from end users, unbounded. */
export const MAX_UI_LOCALES = 10;
/** Longest tag read (RFC 5646 §4.4.1: 35 characters hold every tag in use). */
const MAX_TAG_LENGTH = 35;

/** The usable entries of a `uiLocales` list in order: well-formed tags, at most MAX_UI_LOCALES; the rest skipped. */
export function uiLocaleTags(value: string): string[] {
  const tags: string[] = [];
  for (const tag of value.split(/\s+/)) {
    if (tags.length >= MAX_UI_LOCALES) break;
    if (tag && tag.length <= MAX_TAG_LENGTH && parse(tag)) tags.push(tag);
  }
  return tags;
}

/**
 * Locale resolution: the requested tag, then its language, then each tag of
 * `uiLocales`, then the default. A malformed `locale` is an error (a caller
 * bug); malformed `uiLocales` entries are skipped (they come from end users).
 */
export function resolveLocale(
  request: LocaleRequest,
  supported: readonly string[],
  fallback: string = DEFAULT_LOCALE,
): ResolvedLocale {
  const { locale, uiLocales } = request;
  if (locale !== undefined && locale !== '') {
    if (typeof locale !== 'string' || !parse(locale)) {
      throw new UnknownLocaleError(String(locale), 'not a valid BCP 47 language tag (e.g. "de", "pt-BR")');
    }
    const hit = matchLocale(locale, supported);
    if (hit) return { locale: hit, dir: directionOf(hit), source: 'locale' };
  }
  if (typeof uiLocales === 'string') {
    for (const tag of uiLocaleTags(uiLocales)) {
      const hit = matchLocale(tag, supported);
      if (hit) return { locale: hit, dir: directionOf(hit), source: 'uiLocales' };
    }
  }
  if (!supported.includes(fallback)) {
    throw new UnknownLocaleError(
      locale ?? uiLocales ?? '',
      `no supported locale matches and the fallback "${fallback}" is not available (have: ${supported.join(', ')})`,
    );
  }
  return { locale: fallback, dir: directionOf(fallback), source: 'default' };
}

const stringOr = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The locale request of a render call: the explicit option, else `variables.locale`, plus `variables.uiLocales`. */
export function requestedLocale(locale: string | undefined, variables: unknown): LocaleRequest {
  const vars = (typeof variables === 'object' && variables !== null ? variables : {}) as Record<string, unknown>;
  return { locale: locale ?? stringOr(vars.locale), uiLocales: stringOr(vars.uiLocales) };
}

/** A locale tag as a file name: BCP 47 subtags, letters and digits joined by hyphens (`pt-BR`, `zh-Hant-TW`). */
export const LOCALE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
