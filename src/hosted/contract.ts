/**
 * The data contract of an exported template: a JSON Schema (draft 2020-12) of
 * the data a backend sends with the template's id, and an example payload
 * from the template's sample values — what a Go or Python backend needs to
 * fill the template without authmail. Three shapes, one per kind of engine:
 *
 *   engine   SendGrid, Mailgun, Postmark: the values as Logto shapes them (`code`, `application.name`…);
 *            the engine escapes; `html.*` escaped copies are optional (byte-equal output)
 *   sender   SES: the same values, and `html.*` escaped copies of every shown value, required
 *            (SES does not escape)
 *   flat     Resend: UPPER_SNAKE variables, `…__HTML` escaped copies, optional `SEG_*` phrases
 *
 * The derived `expiresIn` phrase is optional everywhere (the template has the phrase for the project's
 * code lifetime). What the sender must do to values first is in the descriptions (docs/providers.md "Sending with
 * a provider-hosted template").
 */
import type { FlatField } from '../catalog/fields.ts';
import type { ManifestTemplate } from '../runtime/bundle.ts';
import { escapeHtml } from '../runtime/escape.ts';
import type { Formatter } from '../runtime/format.ts';
import { MAX_EMAIL_LENGTH, MAX_ID_LENGTH, MAX_TEXT_LENGTH, MAX_URL_LENGTH } from '../variables/normalize.ts';
import { EXPIRES_IN } from './expiry.ts';
import { dataValue } from './formats.ts';
import { resendKey } from './resend.ts';
import { type DataShape, HTML_NAMESPACE } from './types.ts';

export type { DataShape };

export type JsonSchema = { [key: string]: unknown };

const TEXT_NOTE =
  'Normalize first: control characters to spaces, bidi controls and invisible characters removed, whitespace collapsed, NFC, at most 100 characters. Then isolate it for bidi: wrap it in U+2068 … U+2069 when the email is right to left (ar, fa, he, ur…) or the value holds a right-to-left letter (U+0590–U+08FF, U+FB1D–U+FDFF, U+FE70–U+FEFC).';

const DATETIME_NOTE =
  'The moment as the reader reads it, formatted by the sender in the email’s language and the reader’s time zone (authmail’s runtime writes e.g. "December 6, 2026 at 9:43 PM UTC"; authmail/hosted templateData formats it so).';

function leafSchema(field: FlatField): JsonSchema {
  const base = { description: field.description };
  const nonEmpty = field.required ? { minLength: 1 } : {};
  switch (field.kind) {
    case 'code':
      return { ...base, type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9-]{2,30}[A-Za-z0-9]$' };
    case 'url':
      return { ...base, type: 'string', format: 'uri', pattern: '^https?://', maxLength: MAX_URL_LENGTH };
    case 'text':
      // +2: the isolating characters around the longest name.
      return { ...base, type: 'string', ...nonEmpty, maxLength: MAX_TEXT_LENGTH + 2, $comment: TEXT_NOTE };
    case 'email':
      return { ...base, type: 'string', format: 'email', maxLength: MAX_EMAIL_LENGTH };
    case 'id':
      return { ...base, type: 'string', ...nonEmpty, maxLength: MAX_ID_LENGTH };
    case 'minutes':
      return { ...base, type: 'integer', minimum: 1, maximum: 1440 };
    case 'number':
      return { ...base, type: 'number' };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'datetime':
      // The template prints it as given (hosted/formats.ts).
      return { ...base, type: 'string', minLength: 1, $comment: DATETIME_NOTE };
    default:
      return { ...base, type: 'string' };
  }
}

const SHOWN_KINDS = new Set<FlatField['kind']>(['code', 'url', 'text', 'email', 'number', 'datetime']);

/** Values that appear in an email (an id or a locale tag never does): they get escaped copies. */
export const shown = (field: FlatField) => SHOWN_KINDS.has(field.kind);

interface Tree {
  field: FlatField | undefined;
  children: Map<string, Tree>;
}

function treeOf(fields: readonly FlatField[]): Tree {
  const nodes: Tree[] = fields.map((field) => ({ field, children: new Map() }));
  const root: Tree = { field: undefined, children: new Map() };
  fields.forEach((field, i) => {
    const parent = field.parent === -1 ? root : (nodes[field.parent] as Tree);
    parent.children.set(field.path.slice(field.path.lastIndexOf('.') + 1), nodes[i] as Tree);
  });
  return root;
}

/** An object schema of a tree level; `leaf` maps each leaf (undefined: left out), `required` decides. */
function objectSchema(
  tree: Tree,
  leaf: (field: FlatField) => JsonSchema | undefined,
  required: (field: FlatField) => boolean,
): JsonSchema | undefined {
  const properties: Record<string, JsonSchema> = {};
  const needed: string[] = [];
  for (const [name, node] of tree.children) {
    const field = node.field as FlatField;
    const schema = field.kind === 'object' ? objectSchema(node, leaf, required) : leaf(field);
    if (!schema) continue;
    properties[name] = field.kind === 'object' ? { description: field.description, ...schema } : schema;
    if (required(field)) needed.push(name);
  }
  if (!Object.keys(properties).length) return undefined;
  return { type: 'object', properties, ...(needed.length ? { required: needed } : {}) };
}

const expiryDescription =
  'Optional: the code lifetime in the email’s language with its plural ("15 minutes", "15 минут"). Without it the template reads the phrase for the project’s code lifetime (export.codeLifetime); SendGrid words expiresInMinutes itself where its helpers can.';

/** The JSON Schema of the data for one exported template. */
export function dataSchema(
  name: string,
  template: ManifestTemplate,
  shape: DataShape,
  variables: readonly string[] = [],
  fallbacks: Readonly<Record<string, string>> = {},
): JsonSchema {
  const head = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Data for ${name}`,
    description: template.when,
  };
  const hasExpiry = template.derived.some((d) => d.path === EXPIRES_IN);
  if (shape === 'flat') {
    const byKey = new Map<string, FlatField>();
    for (const field of template.variables) {
      byKey.set(resendKey(field.path, 'text'), field);
      byKey.set(resendKey(field.path, 'html'), field);
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const key of variables) {
      const field = byKey.get(key);
      if (key.startsWith('SEG_')) {
        properties[key] = {
          type: 'string',
          description: `Optional phrase computed by authmail/hosted (resendData); left out, it reads "${fallbacks[key] ?? ''}".`,
        };
        continue;
      }
      if (key.startsWith('EXPIRES_IN')) {
        properties[key] = { type: 'string', description: expiryDescription };
        continue;
      }
      properties[key] = key.endsWith('__HTML')
        ? {
            type: 'string',
            description: `${field?.description ?? key}, HTML-escaped by the sender (Resend does not escape).`,
          }
        : field?.kind === 'minutes'
          ? { type: 'string', pattern: '^[0-9]{1,4}$', description: field.description }
          : field?.kind === 'number'
            ? { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: field.description }
            : field
              ? leafSchema(field)
              : { type: 'string' };
      if (!(key in fallbacks)) required.push(key);
    }
    return { ...head, type: 'object', properties, required, additionalProperties: false };
  }
  const tree = treeOf(template.variables);
  const raw = objectSchema(tree, leafSchema, (f) => f.required) ?? { type: 'object', properties: {} };
  const properties = { ...(raw.properties as Record<string, JsonSchema>) };
  if (hasExpiry) properties[EXPIRES_IN] = { type: 'string', minLength: 1, description: expiryDescription };
  const copies = objectSchema(
    tree,
    (f) =>
      shown(f) ? { type: 'string', description: `${f.description}, HTML-escaped (& < > " ' as entities).` } : undefined,
    (f) => shape === 'sender' && f.required && shown(f),
  );
  const html: JsonSchema = {
    type: 'object',
    description:
      shape === 'sender'
        ? 'Every shown value again, HTML-escaped: this provider does not escape, and the HTML reads only these.'
        : 'Optional: the values HTML-escaped by the sender (authmail/hosted templateData), for byte-for-byte the email authmail renders.',
    properties: {
      ...((copies?.properties as Record<string, JsonSchema> | undefined) ?? {}),
      ...(hasExpiry ? { [EXPIRES_IN]: { type: 'string', description: 'expiresIn, HTML-escaped.' } } : {}),
    },
    ...(copies?.required ? { required: copies.required } : {}),
  };
  properties[HTML_NAMESPACE] = html;
  const required = [...((raw.required as string[] | undefined) ?? []), ...(shape === 'sender' ? [HTML_NAMESPACE] : [])];
  return { ...head, type: 'object', properties, ...(required.length ? { required } : {}) };
}

/** Leaf values of `sample` HTML-escaped, in the same tree (ids and locales left out). */
function escapedCopies(
  sample: Readonly<Record<string, unknown>>,
  fields: readonly FlatField[],
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sample)) {
    const path = prefix + key;
    const field = fields.find((f) => f.path === path);
    if (!field) continue;
    if (field.kind === 'object' && value && typeof value === 'object') {
      const inner = escapedCopies(value as Record<string, unknown>, fields, `${path}.`);
      if (Object.keys(inner).length) out[key] = inner;
    } else if (shown(field) && (typeof value === 'string' || typeof value === 'number')) {
      out[key] = escapeHtml(String(value));
    }
  }
  return out;
}

/**
 * The sample with its dates as the data carries them: formatted as the template formats them (in UTC),
 * else as ISO 8601 text (a React Email template's `PreviewProps` may hold a Date).
 */
function formattedSample(
  template: ManifestTemplate,
  { locale, formats }: { locale: string; formats: ReadonlyMap<string, Formatter> },
): Record<string, unknown> {
  const sample = structuredClone(template.sample ?? {}) as Record<string, unknown>;
  for (const field of template.variables) {
    if (field.kind !== 'datetime') continue;
    const keys = field.path.split('.');
    const parent = keys
      .slice(0, -1)
      .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), sample);
    if (!parent || typeof parent !== 'object') continue;
    const holder = parent as Record<string, unknown>;
    const last = keys[keys.length - 1] as string;
    const raw = holder[last];
    const iso = raw instanceof Date ? raw.toISOString() : typeof raw === 'number' ? new Date(raw).toISOString() : raw;
    if (typeof iso === 'string') holder[last] = dataValue(formats, field.path, iso, { locale });
  }
  return sample;
}

const pathValue = (data: Readonly<Record<string, unknown>>, path: string) =>
  path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);

/** An example of the data, from the template's sample values (what a backend has; no derived values). */
export function exampleData(
  template: ManifestTemplate,
  shape: DataShape,
  variables: readonly string[] = [],
  formatting?: { locale: string; formats: ReadonlyMap<string, Formatter> },
): Record<string, unknown> {
  const sample = formatting ? formattedSample(template, formatting) : (template.sample ?? {});
  if (shape === 'flat') {
    const out: Record<string, unknown> = {};
    for (const field of template.variables) {
      const value = pathValue(sample, field.path);
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const plain = resendKey(field.path, 'text');
      const html = resendKey(field.path, 'html');
      if (variables.includes(plain)) out[plain] = String(value);
      if (variables.includes(html)) out[html] = escapeHtml(String(value));
    }
    return out;
  }
  return shape === 'sender'
    ? { ...sample, [HTML_NAMESPACE]: escapedCopies(sample, template.variables) }
    : { ...sample };
}
