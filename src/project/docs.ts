/**
 * The template catalog as Markdown, for docs/authoring.md (a test keeps the
 * copy identical): `npm run docs`.
 */

import type { Fields, Spec } from '../catalog/fields.ts';
import type { Catalog } from './catalog.ts';

const shape = (fields: Fields): string =>
  Object.entries(fields)
    .map(
      ([name, spec]) => `${name}${spec.required ? '' : '?'}${spec.kind === 'object' ? ` {${shape(spec.fields)}}` : ''}`,
    )
    .join(', ');

const top = (name: string, spec: Spec) => `\`${name}${spec.required ? '' : '?'}\``;

export function catalogTable(catalog: Catalog): string {
  const rows = ['| id | Logto type | sent when | variables (`?` = optional) |', '|---|---|---|---|'];
  const objects = new Map<string, string>();
  for (const id of catalog.ids) {
    const t = catalog.get(id).definition;
    const entries = Object.entries(t.variables as Fields).filter(([, spec]) => spec.kind !== 'locale');
    for (const [name, spec] of entries) if (spec.kind === 'object') objects.set(name, shape(spec.fields));
    rows.push(
      `| \`${id}\` | ${t.logtoType ? `\`${t.logtoType}\`` : '–'} | ${t.when} | ${entries.map(([n, s]) => top(n, s)).join(', ')} |`,
    );
  }
  const shapes = [...objects].map(([name, s]) => `- \`${name}\`: \`{ ${s} }\``);
  return [...rows, '', 'Objects (Logto’s shapes):', '', ...shapes].join('\n');
}
