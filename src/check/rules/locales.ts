/**
 * Locale files: every key of the default locale exists (non-empty) in every
 * locale, no locale has keys the default lacks, and every key is used by some
 * template.
 * Usage is recorded while the build renders every template in slot mode,
 * where every optional branch is rendered, so a key that no render asks for
 * is dead.
 */
import { UNTRANSLATED } from '../../project/untranslated.ts';
import type { Translations } from '../../render/translations.ts';
import type { Finding, RuleBase } from '../types.ts';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

export interface LocaleContext {
  resources: Resources;
  /** `ns:key` asked for by any render. */
  used: ReadonlySet<string>;
  /** Namespaces whose usage is complete (all templates reading them were rendered). */
  checkedNamespaces: ReadonlySet<string>;
  locales: readonly string[];
  referenceLocale: string;
}

export interface LocaleRule extends RuleBase {
  kind: 'locales';
  check(ctx: LocaleContext): Finding[];
}

/** Wraps translations to record every key asked for. */
export function recordingTranslations(inner: Translations, used: Set<string>): Translations {
  return {
    locales: inner.locales,
    defaultLocale: inner.defaultLocale,
    namespaces: inner.namespaces,
    message(locale, ns, key) {
      used.add(`${ns}:${key}`);
      return inner.message(locale, ns, key);
    },
    t(locale, ns, key, values) {
      used.add(`${ns}:${key}`);
      return inner.t(locale, ns, key, values);
    },
  };
}

/** The template a namespace belongs to (its own name), or `common`. */
const templateOf = (ns: string) => ns;

export const localeKeys: LocaleRule = {
  id: 'locale-keys',
  family: 'locales',
  kind: 'locales',
  severity: 'error',
  description: 'every locale has every key of the default locale (non-empty), and no key it lacks',
  check({ resources, locales, referenceLocale }) {
    const findings: Finding[] = [];
    const ref = resources[referenceLocale] ?? {};
    for (const locale of locales) {
      if (locale === referenceLocale) continue;
      const mine = resources[locale] ?? {};
      for (const [ns, messages] of Object.entries(ref)) {
        const theirs = (mine[ns] ?? {}) as Record<string, unknown>;
        const file = `locales/${locale}/${ns}.json`;
        if (!mine[ns]) {
          findings.push({
            template: templateOf(ns),
            locale,
            rule: 'locale-keys',
            severity: 'error',
            message: `${file} is missing: this locale has no ${ns} messages.`,
            location: { part: 'locales', file },
          });
          continue;
        }
        for (const key of Object.keys(messages)) {
          const value = theirs[key];
          if (typeof value !== 'string' || !value.trim()) {
            findings.push({
              template: templateOf(ns),
              locale,
              rule: 'locale-keys',
              severity: 'error',
              message: `"${key}" is ${value === undefined ? 'missing' : 'empty'} in ${file} (${referenceLocale}: "${String(messages[key]).slice(0, 60)}").`,
              location: { part: 'locales', file },
            });
          }
        }
        for (const key of Object.keys(theirs)) {
          if (!(key in messages)) {
            findings.push({
              template: templateOf(ns),
              locale,
              rule: 'locale-keys',
              severity: 'error',
              message: `"${key}" in ${file} is not a key of ${referenceLocale} (a typo or a removed message).`,
              location: { part: 'locales', file },
            });
          }
        }
      }
      for (const ns of Object.keys(mine)) {
        if (!ref[ns]) {
          findings.push({
            template: templateOf(ns),
            locale,
            rule: 'locale-keys',
            severity: 'error',
            message: `locales/${locale}/${ns}.json has no ${referenceLocale} counterpart.`,
            location: { part: 'locales', file: `locales/${locale}/${ns}.json` },
          });
        }
      }
    }
    return findings;
  },
};

export const unusedKeys: LocaleRule = {
  id: 'locale-unused',
  family: 'locales',
  kind: 'locales',
  severity: 'warning',
  description: 'every message key is used by some template (unused keys are dead weight for translators)',
  check({ resources, used, checkedNamespaces, referenceLocale }) {
    const findings: Finding[] = [];
    for (const [ns, messages] of Object.entries(resources[referenceLocale] ?? {})) {
      if (!checkedNamespaces.has(ns)) continue;
      for (const key of Object.keys(messages)) {
        if (!used.has(`${ns}:${key}`)) {
          findings.push({
            template: templateOf(ns),
            locale: '*',
            rule: 'locale-unused',
            severity: 'warning',
            message: `"${key}" in locales/*/${ns}.json is never used by a template; remove it from every locale or use it.`,
            location: { part: 'locales', file: `locales/${referenceLocale}/${ns}.json` },
          });
        }
      }
    }
    return findings;
  },
};

export const untranslated: LocaleRule = {
  id: 'locale-untranslated',
  family: 'locales',
  kind: 'locales',
  severity: 'warning',
  description: 'no message still carries the [untranslated] mark of `authmail add` (a translator has not seen it yet)',
  check({ resources, locales }) {
    const findings: Finding[] = [];
    for (const locale of locales) {
      for (const [ns, messages] of Object.entries(resources[locale] ?? {})) {
        const keys = Object.entries(messages)
          .filter(([, value]) => typeof value === 'string' && value.startsWith(UNTRANSLATED))
          .map(([key]) => key);
        if (!keys.length) continue;
        const file = `locales/${locale}/${ns}.json`;
        findings.push({
          template: templateOf(ns),
          locale,
          rule: 'locale-untranslated',
          severity: 'warning',
          message: `${file}: ${keys.length} message${keys.length === 1 ? '' : 's'} still marked untranslated (${keys.join(', ')}).`,
          location: { part: 'locales', file },
        });
      }
    }
    return findings;
  },
};

export const localeRules = [localeKeys, unusedKeys, untranslated];
