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

/**
 * The suites that run the CLI in the working directory (this repository's root, its default content) or render
 * every Logto type. The preview's and the visual tests' suites are not among them: they build their project
 * from tests/fixtures/logto (`copyProject()`, `LOGTO_FIXTURE`), which the root's content cannot reach — the
 * second test below keeps it so.
 */
const SUITES = [
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

  it('leaves the preview and visual suites on their own fixture: none of them copies the default content', () => {
    const files = ['preview', 'visual'].flatMap((folder) =>
      readdirSync(join('tests', folder), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join('tests', folder, f)),
    );
    expect(files).toContain('tests/preview/preview.test.ts');
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/copyProject\(\s*'default'/);
  });
});
