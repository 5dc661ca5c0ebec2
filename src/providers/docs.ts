/**
 * The provider table of docs/providers.md, made from the provider list (a test keeps
 * the copy identical): `npm run docs`.
 */
import { PROVIDERS } from './index.ts';

export function providersTable(): string {
  const rows = [
    '| provider | send through it (`send.transport`) | export templates to it (`authmail export`) | options | what |',
    '|---|---|---|---|---|',
  ];
  for (const p of PROVIDERS) {
    const sends = p.transport ? `\`${p.name}\`` : '—';
    const exports = p.templates ? `\`${p.name}\` (${p.templates.dialect.name})` : '—';
    const options = p.transport ? `\`send.transports.${p.name}\`` : `\`export.${p.name}\``;
    rows.push(`| ${p.name} | ${sends} | ${exports} | ${options} | ${p.summary} |`);
  }
  return rows.join('\n');
}
