/**
 * Translations: `locales/<tag>/<namespace>.json` loaded into one i18next
 * instance. Messages interpolate `{name}` (single braces) so that the
 * Mustache-style `{{slots}}` the build keeps can pass through untouched.
 * A missing key or a missing interpolation value is an error, never a
 * silent English fallback.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { LocaleFileError, MissingTranslationError, UnknownLocaleError } from '../core/errors.ts';
import { canonicalTag, DEFAULT_LOCALE } from '../locale/index.ts';
import { LOCALE_TAG } from '../runtime/manifest.ts';

const PLACEHOLDER = /\{(\w+)\}/g;

export interface Translations {
  /** The project's locales, the default first, then in tag order. */
  readonly locales: readonly string[];
  /** The locale of a send that asks for none, and the reference every other locale is checked against. */
  readonly defaultLocale: string;
  readonly namespaces: readonly string[];
  /** The raw message, or `undefined`. */
  message(locale: string, namespace: string, key: string): string | undefined;
  /** The message with `{name}` placeholders filled; throws on a missing key or value. */
  t(locale: string, namespace: string, key: string, values?: Readonly<Record<string, string>>): string;
}

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

export interface TranslationOptions {
  /** The default locale (`locales.default`); default `en`. */
  defaultLocale?: string | undefined;
  /** Only these locales (`locales.only`); default every folder. */
  only?: readonly string[] | undefined;
}

/** The resources the project's config selects, checked: the default and every listed locale have a folder. */
function selectResources(resources: Resources, options: TranslationOptions = {}): Resources {
  const defaultLocale = options.defaultLocale ?? DEFAULT_LOCALE;
  const have = Object.keys(resources);
  for (const tag of [defaultLocale, ...(options.only ?? [])]) {
    if (!have.includes(tag)) {
      throw new UnknownLocaleError(
        tag,
        `the project has no locales/${tag}/ folder (it has: ${have.join(', ') || 'none'})`,
      );
    }
  }
  if (!options.only) return resources;
  const only = new Set([defaultLocale, ...options.only]);
  return Object.fromEntries(Object.entries(resources).filter(([tag]) => only.has(tag)));
}

/** The translations of the project at `root`, as its config's `locales` section selects them. */
export const projectTranslations = (root: string, locales: { default: string; only?: readonly string[] | undefined }) =>
  loadTranslations(localesDir(root), { defaultLocale: locales.default, only: locales.only });

/** The translations of the project whose locale files are in `dir`. */
export function loadTranslations(dir: string, options: TranslationOptions = {}): Translations {
  return createTranslations(selectResources(readLocaleFiles(dir), options), options.defaultLocale);
}

export function createTranslations(resources: Resources, defaultLocale: string = DEFAULT_LOCALE): Translations {
  const instance: i18n = i18next.createInstance();
  const tags = Object.keys(resources).sort((a, b) => (a < b ? -1 : 1));
  const locales = tags.includes(defaultLocale) ? [defaultLocale, ...tags.filter((t) => t !== defaultLocale)] : tags;
  const namespaces = [...new Set(locales.flatMap((l) => Object.keys(resources[l] ?? {})))].sort();
  void instance.init({
    resources,
    ns: namespaces,
    initAsync: false,
    fallbackLng: false,
    returnNull: false,
    returnEmptyString: false,
    // `$t()` nesting is off: messages are plain text with `{name}` values.
    interpolation: { prefix: '{', suffix: '}', escapeValue: false, skipOnVariables: true, nestingPrefix: '\u0000$t(' },
  });
  const message = (locale: string, namespace: string, key: string) => {
    const value = instance.getResource(locale, namespace, key) as unknown;
    return typeof value === 'string' ? value : undefined;
  };
  return {
    locales,
    defaultLocale,
    namespaces,
    message,
    t(locale, namespace, key, values = {}) {
      const raw = message(locale, namespace, key);
      if (raw === undefined || raw.trim() === '') {
        throw new MissingTranslationError(
          locale,
          `${namespace}:${key}`,
          locale === defaultLocale
            ? `is ${raw === undefined ? 'missing' : 'empty'} in locales/${locale}/${namespace}.json (the default locale)`
            : `is ${raw === undefined ? 'missing' : 'empty'} in locales/${locale}/${namespace}.json; \`authmail locales sync\` adds every key the default locale has, marked untranslated`,
        );
      }
      for (const [, name] of raw.matchAll(PLACEHOLDER)) {
        if (typeof values[name as string] !== 'string') {
          throw new MissingTranslationError(locale, `${namespace}:${key}`, `needs a value for {${name}}`);
        }
      }
      return instance.t(key, { ...values, lng: locale, ns: namespace });
    },
  };
}

const cached = new Map<string, Translations>();

/**
 * The translations of the project in the working directory (`locales/`, default `en`), loaded once;
 * the CLI passes its project's own (`loadTranslations`) instead.
 */
export const translations = (): Translations => {
  const dir = resolve(localesDir(process.cwd()));
  let hit = cached.get(dir);
  if (!hit) {
    hit = loadTranslations(dir);
    cached.set(dir, hit);
  }
  return hit;
};

export const reloadTranslations = (): Translations => {
  cached.clear();
  return translations();
};
