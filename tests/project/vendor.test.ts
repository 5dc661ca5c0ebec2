/**
 * The preview's pre-bundled dependencies (src/project/vendor.mjs). Each step
 * is a fresh Node process, as each `authmail dev` start is: a run leaves the
 * bundle (then its code cache) for the next; the loaders of a run that loaded
 * it share one instance of every dependency in it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const VENDOR = pathToFileURL(resolve('src/project/vendor.mjs')).href;
const LOADER = pathToFileURL(resolve('src/project/load-ts.mjs')).href;

mkdirSync('.cache', { recursive: true });
const work = mkdtempSync(resolve('.cache/vendor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `body` (an async function body with `vendor`, `dir` and `load` in scope) in a new Node process; its JSON result. */
function run(dir: string, body: string): Record<string, unknown> {
  const script = join(work, `step-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    script,
    `import * as vendor from ${JSON.stringify(VENDOR)};
import { createTsLoader } from ${JSON.stringify(LOADER)};
const dir = ${JSON.stringify(dir)};
const load = async (entry, options) => { const l = await createTsLoader(entry, options); try { return (await l.load()).exports; } finally { await l.dispose(); } };
const result = await (async () => { ${body} })();
process.stdout.write(JSON.stringify(result));
(await import('esbuild')).stop();
`,
  );
  return JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
}

describe('a run leaves the bundle, the next its code cache', () => {
  const dir = join(work, 'cache');

  it('first run: nothing to load; the imports it noted are bundled', () => {
    expect(
      run(
        dir,
        `const loaded = vendor.loadVendor(dir);
         vendor.noteImports(['zod', 'react', 'node:fs']);
         return { loaded, refreshed: await vendor.refreshVendor(dir) };`,
      ),
    ).toEqual({ loaded: 'none', refreshed: 'bundled 2 imports' });
    // One file: its first line names what it holds (builtins always load natively).
    const header = readFileSync(join(dir, 'vendor.cjs'), 'utf8').split('\n')[0] as string;
    expect(JSON.parse(header.replace('// authmail-vendor ', '')).ids).toEqual(['react', 'zod']);
  });

  it('second run: the bundle serves what it holds, as import() would; its code cache is written', () => {
    expect(
      run(
        dir,
        `const loaded = vendor.loadVendor(dir);
         const zod = vendor.vendored('zod');
         const react = vendor.vendored('react');
         const native = await import('zod');
         vendor.noteImports(['zod', 'react']);
         return {
           loaded,
           parsed: zod.z.object({ a: zod.z.string() }).parse({ a: 'x' }),
           defaultIsZ: zod.default === zod.z,
           element: react.default.createElement('p', null, 'hi').type,
           sameNames: Object.keys(native).filter((k) => !(k in zod)),
           holds: [vendor.isVendored('zod'), vendor.isVendored('budoux')],
           refreshed: await vendor.refreshVendor(dir),
         };`,
      ),
    ).toEqual({
      loaded: 'registered',
      parsed: { a: 'x' },
      defaultIsZ: true,
      element: 'p',
      sameNames: [],
      holds: [true, false],
      refreshed: 'code cache written',
    });
  });

  it('third run: bundle and cache accepted, nothing to write', () => {
    expect(
      run(
        dir,
        `const loaded = vendor.loadVendor(dir);
         vendor.vendored('react');
         vendor.noteImports(['react', 'zod']);
         return { loaded, refreshed: await vendor.refreshVendor(dir) };`,
      ),
    ).toEqual({ loaded: 'registered', refreshed: 'up to date' });
  });

  it('a run that uses none of it does not evaluate it (a start answered from the last session listens sooner)', () => {
    expect(
      run(
        dir,
        `const loaded = vendor.loadVendor(dir);
         const holds = vendor.isVendored('zod');
         vendor.noteImports(['react', 'zod']);
         return { loaded, holds, refreshed: await vendor.refreshVendor(dir) };`,
      ),
    ).toEqual({ loaded: 'registered', holds: true, refreshed: 'up to date (not evaluated)' });
  });

  it('every loader of a run gets the one bundled instance: the CLI’s lazy loader and the engine’s share zod and React', () => {
    const src = join(work, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'a.ts'), "export { z } from 'zod';\nexport { createElement } from 'react';\n");
    writeFileSync(join(src, 'b.ts'), "import { z } from 'zod';\nexport const same = z;\n");
    expect(
      run(
        dir,
        `vendor.loadVendor(dir);
         const a = await load(${JSON.stringify(join(src, 'a.ts'))}, { lazyCommonJs: true });
         const b = await load(${JSON.stringify(join(src, 'b.ts'))});
         return {
           shared: a.z === b.same,
           fromBundle: a.z === vendor.vendored('zod').z,
           react: a.createElement === vendor.vendored('react').default.createElement,
         };`,
      ),
    ).toEqual({ shared: true, fromBundle: true, react: true });
  });

  it('a bundle whose code cannot be evaluated (its header whole): the loaders load natively, the refresh bundles anew', () => {
    const file = join(dir, 'vendor.cjs');
    const [header] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${header}\nthis is not JavaScript (\n`);
    const b = join(work, 'src', 'b.ts');
    expect(
      run(
        dir,
        `const said = [];
         const loaded = vendor.loadVendor(dir, (what) => said.push(what));
         const { same } = await load(${JSON.stringify(b)});
         const native = await import('zod');
         vendor.noteImports(['react', 'zod']);
         return {
           loaded,
           said: said.map((s) => s.split(' (')[0]),
           native: same === native.z,
           holds: vendor.isVendored('zod'),
           refreshed: await vendor.refreshVendor(dir),
         };`,
      ),
    ).toEqual({
      loaded: 'registered',
      said: ['unusable, loaded natively'],
      native: true,
      holds: false,
      refreshed: 'bundled 2 imports',
    });
  });

  it('a changed key (another version, another Node) is not loaded', () => {
    const file = join(dir, 'vendor.cjs');
    const [header, ...rest] = readFileSync(file, 'utf8').split('\n');
    const meta = JSON.parse((header as string).replace('// authmail-vendor ', ''));
    writeFileSync(file, [`// authmail-vendor ${JSON.stringify({ ...meta, key: `${meta.key}x` })}`, ...rest].join('\n'));
    expect(run(dir, 'return { loaded: vendor.loadVendor(dir), zod: vendor.isVendored("zod") };')).toEqual({
      loaded: 'stale',
      zod: false,
    });
  });

  it('an import outside the known set: nothing is bundled, and the old bundle is removed', () => {
    expect(
      run(
        dir,
        `vendor.noteImports(['react', 'zod', 'left-pad']);
         return { refreshed: await vendor.refreshVendor(dir), again: vendor.loadVendor(dir) };`,
      ),
    ).toEqual({ refreshed: 'not bundled: the code imports left-pad', again: 'none' });
  });
});

it('bundles only the known dependencies and React Email’s component files', async () => {
  const { isBundlable } = await import('../../src/project/vendor.mjs');
  expect(['react', 'react/jsx-runtime', 'zod', 'i18next', 'budoux', '@react-email/render'].every(isBundlable)).toBe(
    true,
  );
  expect(isBundlable(pathToFileURL(resolve('node_modules/react-email/dist/components/button/button.mjs')).href)).toBe(
    true,
  );
  // A package that may read its own files at run time, and React Email's index (Tailwind, Prism).
  expect(['css-tree', 'react-email', 'nodemailer', 'left-pad'].some(isBundlable)).toBe(false);
});
