/**
 * A rebrand of the default content (another name, address, colour and
 * footer in authmail.config.ts) breaks no toolkit test: the suites that read
 * the project's config run again on a rebranded copy of this repository.
 * Only the visual baselines (not run here) would need renewing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from './fixtures/preview.ts';

/** The suites that read the project's config (its brand): the rest render with brands of their own. */
const SUITES = [
  'tests/preview.test.ts',
  'tests/visual.test.ts',
  'tests/doctor.test.ts',
  'tests/send-cli.test.ts',
  'tests/send-config.test.ts',
];

let copy: ProjectCopy;

beforeAll(() => {
  copy = copyProject();
  for (const entry of ['tests', 'vitest.config.ts']) cpSync(entry, join(copy.dir, entry), { recursive: true });
  const file = join(copy.dir, 'authmail.config.ts');
  const config = readFileSync(file, 'utf8');
  const rebranded = config
    .replace(/senderName: '[^']*',/, "senderName: 'Globex',")
    .replace(/productName: '[^']*',/, "productName: 'Globex Portal',")
    .replace(/fromAddress: '[^']*',/, "fromAddress: 'auth@globex.example',")
    .replace(/primaryColor: '#[0-9a-fA-F]{6}',/, "primaryColor: '#b91c1c',")
    .replace(/companyInformation: '[^']*',/, "companyInformation: 'Globex Corporation\\n1 Globex Way, Cypress Creek',");
  expect(rebranded).not.toBe(config);
  writeFileSync(file, rebranded);
});
afterAll(() => copy?.remove());

describe('a rebranded default content', () => {
  it('passes the suites that read the project config', () => {
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...SUITES], {
      cwd: copy.dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
      timeout: 600_000,
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes
    const output = `${run.stdout}\n${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(run.status, output.slice(-3000)).toBe(0);
  }, 660_000);
});
