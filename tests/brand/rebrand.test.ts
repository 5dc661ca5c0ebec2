/**
 * A changed default content breaks no toolkit test: on a copy of this
 * repository whose config is rebranded (another name, address, colour and
 * footer) and which has a template and a locale fewer, the suites that load
 * a project or render Logto's types run again and pass. Only the content's
 * own tests and baselines (tests/content/, not run here) would change.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from '../fixtures/preview.ts';

/** The suites that load a project (the CLI in a folder, the preview, the visual tests) or render every Logto type. */
const SUITES = [
  'tests/preview/preview.test.ts',
  'tests/visual/visual.test.ts',
  'tests/doctor/doctor.test.ts',
  'tests/cli/send.test.ts',
  'tests/send/config.test.ts',
  'tests/check/check.test.ts',
  'tests/serve/serve.test.ts',
];

let copy: ProjectCopy;

beforeAll(() => {
  copy = copyProject('default');
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
  // A template and a locale fewer.
  rmSync(join(copy.dir, 'emails/generic.tsx'));
  for (const tag of readdirSync(join(copy.dir, 'locales'))) rmSync(join(copy.dir, 'locales', tag, 'generic.json'));
  rmSync(join(copy.dir, 'locales/de'), { recursive: true });
});
afterAll(() => copy?.remove());

describe('a rebranded default content with a template and a locale fewer', () => {
  it('passes the toolkit suites that load a project', () => {
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
