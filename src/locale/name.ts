const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** A locale's name for people choosing it: "German — Deutsch" (English, then its own name when that differs). */
export function localeName(tag: string) {
  const english = LANGUAGE_NAMES.of(tag) ?? tag;
  const own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  return english === own ? english : `${english} — ${own}`;
}
