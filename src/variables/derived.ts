/**
 * Values computed from the caller's variables at send time, identically in
 * the development renderer and the runtime. Templates use them as ordinary
 * slots (`{{expiresIn}}`); a provider-hosted send passes them as data.
 */
import type { FlatField } from '../catalog/fields.ts';

export interface DerivedField {
  readonly path: string;
  /** The declared variable it is computed from. */
  readonly from: string;
  readonly description: string;
}

interface DerivedRule extends DerivedField {
  compute(source: string, locale: string): string;
}

const minuteFormats = new Map<string, string>();

/** "10 minutes" in the locale's words and digits, plural included (CLDR via Intl). */
export function formatMinutes(locale: string, minutes: string): string {
  const key = `${locale}\u0000${minutes}`;
  let hit = minuteFormats.get(key);
  if (hit === undefined) {
    hit = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(Number(minutes));
    if (minuteFormats.size < 10_000) minuteFormats.set(key, hit);
  }
  return hit;
}

const RULES: readonly DerivedRule[] = [
  {
    path: 'expiresIn',
    from: 'expiresInMinutes',
    description: 'The expiry in the locale’s words with the right plural, e.g. "10 minutes", "10 минут"',
    compute: (minutes, locale) => formatMinutes(locale, minutes),
  },
];

/** The derived fields a template has: those whose source it declares. */
export const derivedFor = (fields: readonly FlatField[]): DerivedField[] =>
  RULES.filter((d) => fields.some((f) => f.path === d.from)).map(({ path, from, description }) => ({
    path,
    from,
    description,
  }));

/** The function that computes derived `path` from its source value and the locale. */
export function derivedCompute(path: string): DerivedRule['compute'] {
  const rule = RULES.find((r) => r.path === path);
  if (!rule) throw new Error(`Unknown derived variable "${path}"`);
  return rule.compute;
}
