/**
 * Compares every locale with English: same namespaces, same keys, same
 * `{placeholders}`, no `{{`, no value left in English. Exit 1 on a problem.
 * Usage: npx tsx scripts/locale-lint.ts [tag ...]
 */
import { readLocaleFiles } from '../src/render/translations.ts';

const resources = readLocaleFiles();
const en = resources.en ?? {};
const wanted = process.argv.slice(2);
const problems: string[] = [];
const placeholders = (s: string) =>
  [...s.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
for (const [locale, namespaces] of Object.entries(resources)) {
  if (locale === 'en' || (wanted.length && !wanted.includes(locale))) continue;
  for (const [ns, messages] of Object.entries(en)) {
    const theirs = (namespaces[ns] ?? {}) as Record<string, unknown>;
    if (!namespaces[ns]) problems.push(`${locale}: missing ${ns}.json`);
    for (const [key, value] of Object.entries(messages as Record<string, string>)) {
      const t = theirs[key];
      if (typeof t !== 'string' || !t.trim()) problems.push(`${locale} ${ns}:${key} missing`);
      else {
        if (placeholders(t) !== placeholders(value))
          problems.push(`${locale} ${ns}:${key} placeholders {${placeholders(t)}} ≠ en {${placeholders(value)}}`);
        if (t.includes('{{') || t.includes('}}')) problems.push(`${locale} ${ns}:${key} contains {{ or }}`);
        if (t === value) problems.push(`${locale} ${ns}:${key} is identical to English`);
      }
    }
    for (const key of Object.keys(theirs))
      if (!(key in (messages as object))) problems.push(`${locale} ${ns}:${key} is not an English key`);
  }
}
console.log(problems.length ? problems.join('\n') : 'locales OK');
process.exit(problems.length ? 1 : 0);
