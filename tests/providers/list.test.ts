/**
 * One list of providers (src/providers/index.ts) drives everything that
 * names them: each listed provider has its folder, its options schema, a
 * transport and/or a push client with its dialect, its place in the config
 * schema, the `authmail send` / `authmail export` usage and the tables of
 * docs/providers.md and docs/sending.md; no folder is left out of the list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/commands/export.ts';
import { send as sendCommand } from '../../src/cli/commands/send.ts';
import { configSchema } from '../../src/config/schema.ts';
import { EXPORT_TARGETS } from '../../src/export/templates.ts';
import { PROVIDERS, SENDING_PROVIDERS, TEMPLATE_HOSTS, TRANSPORT_NAMES } from '../../src/providers/index.ts';
import { TRANSPORT_OPTIONS } from '../../src/providers/options.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FOLDER = join(ROOT, 'src/providers');
const sendingDoc = readFileSync(join(ROOT, 'docs/sending.md'), 'utf8');

describe('the provider list', () => {
  it.each(PROVIDERS.map((p) => [p.name, p] as const))('%s: folder, schema, transport or templates', (name, p) => {
    expect(existsSync(join(FOLDER, name, 'options.ts'))).toBe(true);
    expect(existsSync(join(FOLDER, name, 'index.ts'))).toBe(true);
    expect(p.options.safeParse).toBeTypeOf('function');
    expect(p.summary.length).toBeGreaterThan(20);
    expect(p.transport !== null || p.templates !== null).toBe(true);
    if (p.transport) expect(existsSync(join(FOLDER, name, 'transport.ts'))).toBe(true);
    if (p.templates) {
      expect(existsSync(join(FOLDER, name, 'push.ts'))).toBe(true);
      expect(p.templates.dialect.export).toBeTypeOf('function');
      expect(p.templates.credentials).toMatch(p.transport ? `send.transports.${name} (` : `export.${name} (`);
    }
  });

  it('lists every provider folder', () => {
    const folders = readdirSync(FOLDER, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect([...folders].sort()).toEqual(PROVIDERS.map((p) => p.name).sort());
  });

  it('reads as the config reads it: the sending providers, in order, with the same options schemas', () => {
    expect(SENDING_PROVIDERS.map((p) => p.name)).toEqual(TRANSPORT_NAMES);
    for (const p of SENDING_PROVIDERS) expect(p.options, p.name).toBe(TRANSPORT_OPTIONS[p.name]);
  });

  it('makes the config schema: send.transport, send.transports.<name> for each sending provider', () => {
    const send = configSchema.shape.send.unwrap().shape;
    expect(send.transport.unwrap().options).toEqual(TRANSPORT_NAMES);
    expect(Object.keys(send.transports.unwrap().shape).sort()).toEqual([...TRANSPORT_NAMES].sort());
    for (const name of TRANSPORT_NAMES) {
      const sample = { send: { transport: name, transports: { [name]: 42 } } };
      const issues = configSchema.safeParse({ brand: {}, ...sample }).error?.issues ?? [];
      expect(
        issues.map((i) => i.path.join('.')),
        name,
      ).toContain(`send.transports.${name}`);
    }
  });

  it('is what `authmail send --transport` and `authmail export <target>` offer', () => {
    expect(sendCommand.usage).toContain(`--transport ${TRANSPORT_NAMES.join('|')}`);
    expect(EXPORT_TARGETS).toEqual([...TEMPLATE_HOSTS.map((p) => p.name), 'files']);
    expect(exportCommand.usage).toContain(`<${EXPORT_TARGETS.join('|')}>`);
  });

  it('has a row in the Transports table of docs/sending.md (its generated table in docs/providers.md: tests/content/docs.test.ts)', () => {
    const transports = sendingDoc.slice(sendingDoc.indexOf('## Transports'), sendingDoc.indexOf('**smtp** options'));
    for (const name of TRANSPORT_NAMES) expect(transports, name).toContain(`\`${name}\``);
  });
});
