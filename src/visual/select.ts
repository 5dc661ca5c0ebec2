/**
 * Which locales `authmail test:visual` shoots when the config names none: the
 * default locale, the first right-to-left one and the first Chinese, Japanese
 * or Korean one — the three layouts that differ (direction, line breaking,
 * fonts). Other Latin, Cyrillic or Thai locales lay out as the default one
 * does; `authmail check` reads every locale's text.
 */
import { directionOf } from '../locale/index.ts';

const CJK = new Set(['zh', 'ja', 'ko']);

export function defaultVisualLocales(locales: readonly string[], defaultLocale: string): string[] {
  const language = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? '';
  const picked = [
    defaultLocale,
    locales.find((l) => directionOf(l) === 'rtl'),
    locales.find((l) => CJK.has(language(l))),
  ].filter((l): l is string => l !== undefined && locales.includes(l));
  return [...new Set(picked)];
}

/** The locales to shoot: what the command named (`all` for every one), else the config's, else the default three. */
export function visualLocales(
  wanted: readonly string[] | undefined,
  configured: 'all' | readonly string[] | undefined,
  locales: readonly string[],
  defaultLocale: string,
): readonly string[] {
  if (wanted?.length) return wanted.includes('all') ? locales : wanted;
  if (configured === 'all') return locales;
  if (configured) return configured;
  return defaultVisualLocales(locales, defaultLocale);
}
