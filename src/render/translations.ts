/**
 * Translations: `locales/<tag>/<namespace>.json` loaded into one i18next
 * instance. Messages interpolate `{name}` (single braces) so that the
 * Mustache-style `{{slots}}` the build keeps can pass through untouched.
 * A missing key or a missing interpolation value is an error, never a
 * silent English fallback.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { MissingTranslationError, UnknownLocaleError } from '../core/errors.ts';
import { localesDir, type Resources, readLocaleFiles } from '../locale/files.ts';
import { DEFAULT_LOCALE } from '../locale/index.ts';

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

export { localesDir, type Resources, readLocaleFiles } from '../locale/files.ts';

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
  // A project of React Email templates only has no locales/: its one locale is the default, with no messages.
  const resources = existsSync(dir) ? readLocaleFiles(dir) : { [options.defaultLocale ?? DEFAULT_LOCALE]: {} };
  return createTranslations(selectResources(resources, options), options.defaultLocale);
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
