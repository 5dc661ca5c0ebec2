/**
 * Translations: `locales/<tag>/<namespace>.json` loaded into one i18next
 * instance. Messages interpolate `{name}` (single braces) so that the
 * Mustache-style `{{slots}}` the build keeps can pass through untouched.
 * A missing key or a missing interpolation value is an error, never a
 * silent English fallback.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n } from 'i18next';
import { MissingTranslationError } from '../errors.ts';

export const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

const PLACEHOLDER = /\{(\w+)\}/g;

export interface Translations {
  readonly locales: readonly string[];
  readonly namespaces: readonly string[];
  /** The raw message, or `undefined`. */
  message(locale: string, namespace: string, key: string): string | undefined;
  /** The message with `{name}` placeholders filled; throws on a missing key or value. */
  t(locale: string, namespace: string, key: string, values?: Readonly<Record<string, string>>): string;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

export function readLocaleFiles(dir: string = LOCALES_DIR): Resources {
  const resources: Resources = {};
  for (const locale of readdirSync(dir).sort()) {
    const nsFiles = readdirSync(join(dir, locale)).filter((f) => f.endsWith('.json'));
    resources[locale] = Object.fromEntries(
      nsFiles.sort().map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, locale, f), 'utf8'))]),
    );
  }
  return resources;
}

export function createTranslations(resources: Resources): Translations {
  const instance: i18n = i18next.createInstance();
  const locales = Object.keys(resources);
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
    namespaces,
    message,
    t(locale, namespace, key, values = {}) {
      const raw = message(locale, namespace, key);
      if (raw === undefined || raw.trim() === '') {
        throw new MissingTranslationError(locale, `${namespace}:${key}`);
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

let cached: Translations | undefined;

/** The project's translations, loaded once; `reloadTranslations()` after a file changes. */
export const translations = (): Translations => {
  cached ??= createTranslations(readLocaleFiles());
  return cached;
};

export const reloadTranslations = (): Translations => {
  cached = undefined;
  return translations();
};
