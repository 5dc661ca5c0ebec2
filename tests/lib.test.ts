/**
 * `authmail/runtime` compiled to JavaScript works in plain Node: no tsx, no
 * node_modules — what a backend ships next to dist/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBundles, writeBundles } from '../src/build/build.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'authmail-lib-'));
  execFileSync(process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'tsconfig.lib.json',
    '--outDir',
    join(dir, 'lib'),
  ]);
  await writeBundles(await buildBundles({ templates: ['sign-in'], locales: ['en', 'de'] }), join(dir, 'dist'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('renders from a bundle with the compiled runtime under plain node', () => {
  const script = `
    const { loadBundle } = await import(${JSON.stringify(join(dir, 'lib/runtime/index.js'))});
    const bundle = await loadBundle(${JSON.stringify(join(dir, 'dist'))});
    const email = bundle.render('sign-in', { locale: 'de-AT', variables: { code: '112233' } });
    let error;
    try { bundle.render('sign-in', { variables: {} }); } catch (e) { error = { name: e.name, code: e.code, variable: e.variable }; }
    console.log(JSON.stringify({ locale: email.locale, text: email.text, error }));
  `;
  const out = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }),
  ) as { locale: string; text: string; error: unknown };
  expect(out.locale).toBe('de');
  expect(out.text).toContain('112233');
  expect(out.error).toEqual({ name: 'VariableError', code: 'MISSING_VARIABLE', variable: 'code' });
});
