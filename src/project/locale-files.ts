/**
 * The project's locale files as a translator and a reviewer work on them:
 * `syncLocales` gives every locale every key of the default locale (new ones
 * marked untranslated, so `authmail check` lists them until translated) and
 * names the keys and files the default locale does not have; `lintLocales`
 * compares each locale with the default one — same keys, same `{values}`, no
 * `{{`, nothing left untranslated or identical to the default.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.ts';
import { UNTRANSLATED } from './untranslated.ts';

type Messages = Record<string, unknown>;
type Resources = Record<string, Record<string, Messages>>;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export interface SyncResult {
  /** `locales/<tag>/<ns>.json`: keys added (marked untranslated). */
  added: { file: string; keys: string[] }[];
  /** Files created for a namespace a locale lacked. */
  created: string[];
  /** Keys a locale has that the default locale does not (removed with `prune`). */
  extra: { file: string; keys: string[] }[];
  /** Files without a counterpart in the default locale (removed with `prune`). */
  orphans: string[];
}

/** Every locale gets every key of `defaultLocale`; `prune` removes what the default locale lacks. */
export function syncLocales(
  root: string,
  resources: Resources,
  defaultLocale: string,
  options: { prune?: boolean; write?: boolean } = {},
): SyncResult {
  const reference = resources[defaultLocale];
  if (!reference) throw new UsageError(`no locales/${defaultLocale}/ (the default locale)`);
  const write = options.write !== false;
  const result: SyncResult = { added: [], created: [], extra: [], orphans: [] };
  for (const [tag, namespaces] of Object.entries(resources)) {
    if (tag === defaultLocale) continue;
    for (const [ns, messages] of Object.entries(reference)) {
      const file = `locales/${tag}/${ns}.json`;
      const mine = namespaces[ns];
      const next: Messages = {};
      const added: string[] = [];
      // The default locale's key order, so that files read side by side.
      for (const [key, value] of Object.entries(messages)) {
        const own = mine?.[key];
        if (typeof own === 'string' && own.trim()) next[key] = own;
        else {
          next[key] = typeof value === 'string' ? `${UNTRANSLATED}${value.replace(UNTRANSLATED, '')}` : value;
          added.push(key);
        }
      }
      const extra = Object.keys(mine ?? {}).filter((key) => !(key in messages));
      if (extra.length) {
        result.extra.push({ file, keys: extra });
        if (!options.prune) for (const key of extra) next[key] = mine?.[key];
      }
      if (!mine) result.created.push(file);
      else if (added.length) result.added.push({ file, keys: added });
      const changed = !mine || added.length > 0 || (options.prune && extra.length > 0);
      if (write && changed) {
        mkdirSync(join(root, 'locales', tag), { recursive: true });
        writeFileSync(join(root, file), json(next));
      }
    }
    for (const ns of Object.keys(namespaces)) {
      if (reference[ns]) continue;
      const file = `locales/${tag}/${ns}.json`;
      result.orphans.push(file);
      if (write && options.prune) rmSync(join(root, file));
    }
  }
  return result;
}

export type LintSeverity = 'error' | 'warning';

export interface LintProblem {
  severity: LintSeverity;
  file: string;
  key?: string;
  message: string;
}

const placeholders = (s: string) =>
  [...s.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(', ');

/** Each of `tags` (default: every locale but the default one) compared with `defaultLocale`. */
export function lintLocales(resources: Resources, defaultLocale: string, tags?: readonly string[]): LintProblem[] {
  const reference = resources[defaultLocale];
  if (!reference) throw new UsageError(`no locales/${defaultLocale}/ (the default locale)`);
  for (const tag of tags ?? []) {
    if (!resources[tag])
      throw new UsageError(`no locales/${tag}/ (the project has ${Object.keys(resources).join(', ')})`);
  }
  const problems: LintProblem[] = [];
  const selected = (tags?.length ? tags : Object.keys(resources)).filter((t) => t !== defaultLocale);
  for (const tag of selected) {
    const namespaces = resources[tag] ?? {};
    for (const [ns, messages] of Object.entries(reference)) {
      const file = `locales/${tag}/${ns}.json`;
      const mine = namespaces[ns];
      if (!mine) {
        problems.push({ severity: 'error', file, message: 'is missing (authmail locales sync creates it)' });
        continue;
      }
      for (const [key, value] of Object.entries(messages)) {
        const own = mine[key];
        const base = typeof value === 'string' ? value : '';
        if (typeof own !== 'string' || !own.trim()) {
          problems.push({
            severity: 'error',
            file,
            key,
            message: `is missing (${defaultLocale}: "${base.slice(0, 60)}")`,
          });
          continue;
        }
        if (placeholders(own) !== placeholders(base)) {
          problems.push({
            severity: 'error',
            file,
            key,
            message: `has the values {${placeholders(own)}}, ${defaultLocale} has {${placeholders(base)}}: a value would be lost or missing`,
          });
        }
        if (own.includes('{{') || own.includes('}}')) {
          problems.push({
            severity: 'error',
            file,
            key,
            message: 'contains {{ or }} (values are {name}, single braces)',
          });
        }
        if (own.startsWith(UNTRANSLATED)) {
          problems.push({ severity: 'warning', file, key, message: 'is still marked untranslated' });
        } else if (own === base && /\p{L}{2}/u.test(base)) {
          problems.push({ severity: 'warning', file, key, message: `is the same as in ${defaultLocale}` });
        }
      }
      for (const key of Object.keys(mine)) {
        if (!(key in messages)) {
          problems.push({
            severity: 'error',
            file,
            key,
            message: `is not a key of ${defaultLocale} (a typo or a removed message; authmail locales sync --prune removes it)`,
          });
        }
      }
    }
    for (const ns of Object.keys(namespaces)) {
      if (!reference[ns]) {
        problems.push({
          severity: 'error',
          file: `locales/${tag}/${ns}.json`,
          message: `has no counterpart in locales/${defaultLocale}/`,
        });
      }
    }
  }
  return problems;
}
