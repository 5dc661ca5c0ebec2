/**
 * One list of transports (src/send/transports/names.ts) drives everything
 * that names them: each listed transport has its folder with its options
 * schema and its transport, a factory, the config's schema entry, the
 * `authmail send` usage and the README; no folder is left out of the list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { send as sendCommand } from '../../src/cli/commands/send.ts';
import { transportOptionSchemas } from '../../src/send/schema.ts';
import { transportFactories } from '../../src/send/transports/index.ts';
import { TRANSPORT_NAMES } from '../../src/send/transports/names.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TRANSPORTS = join(ROOT, 'src/send/transports');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('the transport list', () => {
  it.each(TRANSPORT_NAMES)('%s: folder, options schema, transport, factory and config entry', (name) => {
    expect(existsSync(join(TRANSPORTS, name, 'options.ts'))).toBe(true);
    expect(existsSync(join(TRANSPORTS, name, 'index.ts'))).toBe(true);
    expect(typeof transportFactories[name]).toBe('function');
    expect(transportOptionSchemas[name].safeParse).toBeTypeOf('function');
  });

  it('lists every transport folder', () => {
    const folders = readdirSync(TRANSPORTS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect([...folders].sort()).toEqual([...TRANSPORT_NAMES].sort());
  });

  it('is what `authmail send --transport` offers and what the README documents', () => {
    expect(sendCommand.usage).toContain(`--transport ${TRANSPORT_NAMES.join('|')}`);
    const table = readme.slice(readme.indexOf('### Transports'), readme.indexOf('**smtp** options'));
    for (const name of TRANSPORT_NAMES) expect(table, name).toContain(`\`${name}\``);
  });
});
