/**
 * The shape of a bundle's `manifest.json` and of each email file, checked
 * when a bundle is loaded: a bundle on disk is input like any other (it may
 * be hand-edited, truncated or from another version). Template ids and
 * locale tags name files and folders downstream (the outbox, `export
 * files`), so only plain ids and tags pass: no `..`, no separators.
 *
 * Hand-written rather than a zod schema: `authmail/runtime` stays free of
 * dependencies (a test holds it to that), and the shape is small and fixed.
 */
import { BundleError } from '../core/errors.ts';
import { LOCALE_TAG } from '../locale/index.ts';
import type { EmailSource, Manifest } from './bundle.ts';

export { LOCALE_TAG };

export const BUNDLE_FORMAT = 'authmail-bundle';
export const BUNDLE_VERSION = 1;

/** A template id: kebab-case letters and digits (`sign-in`, `welcome-2`). */
export const TEMPLATE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longest template id: it names files and the providers' templates (`authmail-<id>-<locale>`). */
export const MAX_TEMPLATE_ID = 64;

/** Ids the toolkit uses itself: `common` is every locale's shared messages (`locales/<tag>/common.json`). */
export const RESERVED_TEMPLATE_IDS: readonly string[] = ['common'];

/** Why `id` cannot be a template id, or undefined when it can. */
export function templateIdProblem(id: string): string | undefined {
  if (id.length > MAX_TEMPLATE_ID)
    return `is ${id.length} characters long; a template id has at most ${MAX_TEMPLATE_ID}`;
  if (!TEMPLATE_ID.test(id)) return 'is not kebab-case letters and digits (like magic-link)';
  if (RESERVED_TEMPLATE_IDS.includes(id)) {
    return `is reserved: locales/<tag>/${id}.json holds the messages every template shares`;
  }
  return undefined;
}

const KINDS = new Set([
  'code',
  'url',
  'text',
  'email',
  'id',
  'minutes',
  'locale',
  'datetime',
  'number',
  'boolean',
  'object',
  'list',
]);
const VARIABLE_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const SHA256 = /^[0-9a-f]{64}$/;

type Check = (value: unknown, where: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (k: string) => (/^[\w$-]+$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

const isTag = (tag: string) => {
  if (!LOCALE_TAG.test(tag)) return false;
  try {
    new Intl.Locale(tag);
    return true;
  } catch {
    return false;
  }
};

const string: Check = (v, where) => (typeof v === 'string' ? undefined : `${where} must be a string`);
const tag: Check = (v, where) =>
  typeof v === 'string' && isTag(v) ? undefined : `${where} is not a locale tag (like "de" or "pt-BR")`;
const direction: Check = (v, where) => (v === 'ltr' || v === 'rtl' ? undefined : `${where} must be "ltr" or "rtl"`);
const count: Check = (v, where) =>
  Number.isInteger(v) && (v as number) >= 0 ? undefined : `${where} must be a whole number`;

/** Every problem of `value` against `fields` (an object's checks by key), in order. */
function object(value: unknown, where: string, fields: Record<string, Check>, problems: string[]): boolean {
  if (!isObject(value)) {
    problems.push(`${where || '(root)'} must be an object`);
    return false;
  }
  for (const [name, check] of Object.entries(fields)) {
    const problem = check(value[name], where ? `${where}${key(name)}` : name);
    if (problem) problems.push(problem);
  }
  return true;
}

function checkField(value: unknown, where: string, problems: string[]) {
  object(
    value,
    where,
    {
      path: (v, w) => (typeof v === 'string' && VARIABLE_PATH.test(v) ? undefined : `${w} is not a variable path`),
      kind: (v, w) => (KINDS.has(v as string) ? undefined : `${w} must be one of ${[...KINDS].join(', ')}`),
      required: (v, w) => (typeof v === 'boolean' ? undefined : `${w} must be true or false`),
      parent: (v, w) => (Number.isInteger(v) && (v as number) >= -1 ? undefined : `${w} must be an index or -1`),
      default: (v, w) => (v === undefined || typeof v === 'number' ? undefined : `${w} must be a number`),
      max: (v, w) =>
        v === undefined || (Number.isInteger(v) && (v as number) > 0) ? undefined : `${w} must be a whole number`,
      description: string,
    },
    problems,
  );
}

function checkTemplate(id: string, value: unknown, where: string, problems: string[]) {
  if (!TEMPLATE_ID.test(id) || id.length > MAX_TEMPLATE_ID) {
    problems.push(`${where} is not a template id (kebab-case letters and digits, at most ${MAX_TEMPLATE_ID})`);
  }
  const optionalString: Check = (v, w) => (v === undefined ? undefined : string(v, w));
  if (!object(value, where, { logtoType: optionalString, when: string }, problems)) return;
  const t = value as Record<string, unknown>;
  if (!Array.isArray(t.variables)) problems.push(`${where}.variables must be a list`);
  else t.variables.forEach((f, i) => void checkField(f, `${where}.variables[${i}]`, problems));
  if (!Array.isArray(t.derived)) problems.push(`${where}.derived must be a list`);
  else
    t.derived.forEach(
      (d, i) => void object(d, `${where}.derived[${i}]`, { path: string, from: string, description: string }, problems),
    );
  if (t.sample !== undefined && !isObject(t.sample)) problems.push(`${where}.sample must be an object`);
  if (!isObject(t.emails)) {
    problems.push(`${where}.emails must be an object`);
    return;
  }
  for (const [locale, email] of Object.entries(t.emails)) {
    const at = `${where}.emails${key(locale)}`;
    if (!isTag(locale)) problems.push(`${at} is not a locale tag (like "de" or "pt-BR")`);
    object(
      email,
      at,
      {
        // The file is where the build puts it, and nowhere else (no path out of the bundle directory).
        file: (v, w) => (v === `${id}/${locale}.json` ? undefined : `${w} must be "${id}/${locale}.json"`),
        dir: direction,
        sha256: (v, w) => (typeof v === 'string' && SHA256.test(v) ? undefined : `${w} is not a SHA-256 hex digest`),
        bytes: (v, w) => {
          const inner: string[] = [];
          object(v, w, { html: count, htmlGzip: count, text: count, subject: count }, inner);
          return inner[0];
        },
      },
      problems,
    );
  }
}

const summary = (problems: string[]) =>
  `${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`;

/** The manifest, or a BundleError naming what is wrong with it. */
export function parseManifest(value: unknown): Manifest {
  const m = value as { format?: unknown; version?: unknown } | null;
  if (!isObject(m) || m.format !== BUNDLE_FORMAT)
    throw new BundleError('Not an authmail bundle manifest (format field missing)');
  if (m.version !== BUNDLE_VERSION) {
    throw new BundleError(
      `Bundle version ${String(m.version)} is not supported (this runtime reads ${BUNDLE_VERSION}); rebuild`,
    );
  }
  const problems: string[] = [];
  object(
    value,
    '',
    {
      defaultLocale: tag,
      locales: (v, w) => {
        if (!Array.isArray(v)) return `${w} must be a list`;
        const bad = v.findIndex((x) => typeof x !== 'string' || !isTag(x));
        return bad === -1 ? undefined : `${w}[${bad}] is not a locale tag (like "de" or "pt-BR")`;
      },
    },
    problems,
  );
  const templates = (value as Record<string, unknown>).templates;
  if (!isObject(templates)) problems.push('templates must be an object');
  else for (const [id, t] of Object.entries(templates)) checkTemplate(id, t, `templates${key(id)}`, problems);
  if (problems.length) throw new BundleError(`Bundle manifest is invalid: ${summary(problems)}`);
  return value as unknown as Manifest;
}

/** One email file of the bundle, checked against the manifest entry that lists it. */
export function parseEmailSource(value: unknown, template: string, locale: string): EmailSource {
  const file = `${template}/${locale}.json`;
  const problems: string[] = [];
  object(
    value,
    '',
    {
      template: string,
      locale: string,
      dir: direction,
      subject: string,
      html: string,
      text: string,
      preview: (v, w) => (v === undefined ? undefined : string(v, w)),
    },
    problems,
  );
  if (problems.length) throw new BundleError(`Bundle file ${file} is invalid: ${summary(problems)}`);
  const source = value as unknown as EmailSource;
  if (source.template !== template || source.locale !== locale) {
    throw new BundleError(`Bundle file ${file} holds ${source.template}/${source.locale}, not what the manifest lists`);
  }
  return source;
}
