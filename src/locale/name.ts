const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });
/** Each tag's name, worked out once: a DisplayNames per language costs ~0.3 ms, and the preview asks on every reload. */
const names = new Map<string, string>();

/** A locale's name for people choosing it: "German — Deutsch" (English, then its own name when that differs). */
export function localeName(tag: string) {
  let name = names.get(tag);
  if (name === undefined) {
    const english = LANGUAGE_NAMES.of(tag) ?? tag;
    const own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    name = english === own ? english : `${english} — ${own}`;
    names.set(tag, name);
  }
  return name;
}
