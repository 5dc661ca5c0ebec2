/** Made on first use: its ICU data takes ~15 ms to load, which a module imported by the preview's start must not. */
let languageNames: Intl.DisplayNames | undefined;
/** Each tag's name, worked out once: a DisplayNames per language costs ~0.3 ms, and the preview asks on every reload. */
const names = new Map<string, string>();

/** A locale's name for people choosing it: "German — Deutsch" (English, then its own name when that differs). */
export function localeName(tag: string) {
  let name = names.get(tag);
  if (name === undefined) {
    languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    const english = languageNames.of(tag) ?? tag;
    const own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    name = english === own ? english : `${english} — ${own}`;
    names.set(tag, name);
  }
  return name;
}
