/**
 * A project's locale files as data: `locales/<tag>/<namespace>.json`, folders
 * checked to be canonical locale tags, JSON errors named by file, line and
 * column. No i18next here: commands that only read or write the files load
 * this alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocaleFileError, UnknownLocaleError } from '../core/errors.ts';
import { canonicalTag, LOCALE_TAG } from './index.ts';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Where a project's locale files live, given its root. */
export const localesDir = (root: string) => join(root, 'locales');

/** Reads `<dir>/<tag>/<namespace>.json` for every tag folder; a folder that is not a locale tag is an error. */
export function readLocaleFiles(dir: string = localesDir(process.cwd())): Resources {
  if (!existsSync(dir))
    throw new UnknownLocaleError('', `no locales folder at ${dir} (one folder per tag: locales/en/)`);
  const resources: Resources = {};
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  const seen = new Map<string, string>();
  for (const { name: locale } of folders.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const canonical = LOCALE_TAG.test(locale) ? canonicalTag(locale) : undefined;
    if (!canonical) {
      throw new UnknownLocaleError(
        locale,
        `the folder ${join(dir, locale)} is not named by a locale tag (like de or pt-BR)`,
      );
    }
    // A tag in another spelling would be matched by nothing (a send for pt-BR never finds pt-br).
    if (canonical !== locale) {
      throw new UnknownLocaleError(
        locale,
        `the folder ${join(dir, locale)} is not in the tag's canonical form: rename it to ${join(dir, canonical)}`,
      );
    }
    const twin = seen.get(locale.toLowerCase());
    if (twin) {
      throw new UnknownLocaleError(locale, `the folders ${join(dir, twin)} and ${join(dir, locale)} are one locale`);
    }
    seen.set(locale.toLowerCase(), locale);
    const nsFiles = readdirSync(join(dir, locale)).filter((f) => f.endsWith('.json'));
    resources[locale] = Object.fromEntries(
      nsFiles.sort().map((f) => {
        const file = join(dir, locale, f);
        return [f.slice(0, -5), parseJsonFile(file)];
      }),
    );
  }
  return resources;
}

/** A locale file's JSON; a syntax error names the file, line and column. */
function parseJsonFile(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const message = (error as Error).message;
    // Node 20 says "at position N"; later versions "(line L column C)".
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    const reason = message.replace(/\s*(?:in JSON )?at position \d+.*$|\s*\(line \d+ column \d+\)$/, '');
    if (lineColumn) throw new LocaleFileError(file, reason, Number(lineColumn[1]), Number(lineColumn[2]));
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      throw new LocaleFileError(file, reason, before.split('\n').length, offset - before.lastIndexOf('\n'));
    }
    throw new LocaleFileError(file, reason);
  }
}
