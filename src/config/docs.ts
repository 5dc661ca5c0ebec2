/**
 * Every key of `authmail.config.ts` with its type and default, as a Markdown
 * table made from the one zod schema (docs/config.md embeds it; a test keeps
 * the copy identical): `npm run docs`.
 */
import { z } from 'zod';
import { configSchema } from './schema.ts';

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return [...new Set(branches.map(typeOf))].join(' \\| ');
  if (s.type === 'array') {
    const item = s.items ? typeOf(s.items) : 'any';
    return item.includes(' ') ? `(${item})[]` : `${item}[]`;
  }
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object')
    return `record of ${typeOf(s.additionalProperties)}`;
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function rows(s: JsonSchema, prefix: string, out: string[][]) {
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) rows(branch, prefix, out);
  for (const [key, value] of Object.entries(s.properties ?? {})) {
    // AEM-style keys hold dots themselves ('smtp.host'): shown as they are written, quoted.
    const path = key.includes('.') ? `${prefix.slice(0, -1)}["${key}"]` : `${prefix}${key}`;
    if (!out.some((r) => r[0] === path)) {
      const fallback = value.default === undefined ? '' : `\`${JSON.stringify(value.default)}\``;
      out.push([path, typeOf(value), fallback]);
    }
    rows(value, `${path}.`, out);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object' && s.additionalProperties.properties)
    rows(s.additionalProperties, `${prefix}<name>.`, out);
}

export function configKeysTable(): string {
  const schema = z.toJSONSchema(configSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  const out: string[][] = [];
  rows(schema, '', out);
  return [
    '| key | type | default |',
    '| --- | --- | --- |',
    ...out.map(([k = '', t = '', d = '']) => `| \`${k}\` | ${t} | ${d.replace(/\|/g, '\\|')} |`),
  ].join('\n');
}
