/**
 * The preview's bundle cache (src/project/load-ts.mjs): a start reuses the
 * bundle of the last one only while none of its input files changed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createTsLoader } from '../../src/project/load-ts.mjs';

mkdirSync('.cache', { recursive: true });
const dir = mkdtempSync(resolve('.cache/load-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = join(dir, 'entry.ts');
const cacheFile = join(dir, 'cache', 'bundle.json');

async function loadOnce() {
  const loader = await createTsLoader<{ value: string }>(entry, { cacheFile });
  try {
    return (await loader.load()).exports.value;
  } finally {
    await loader.dispose();
  }
}

it('reuses the cached bundle while its inputs are unchanged, and rebuilds after an edit', async () => {
  writeFileSync(join(dir, 'part.ts'), "export const part: string = 'one';\n");
  writeFileSync(entry, "import { part } from './part.ts';\nexport const value = 'v-' + part;\n");
  expect(await loadOnce()).toBe('v-one');

  // Same files: the cache answers, even though the bundle on disk now says something else. (The file: a line
  // of JSON, then the code.)
  const kept = readFileSync(cacheFile, 'utf8');
  const eol = kept.indexOf('\n');
  writeFileSync(cacheFile, `${kept.slice(0, eol + 1)}${kept.slice(eol + 1).replace('v-', 'cached-')}`);
  expect(await loadOnce()).toBe('cached-one');

  // A cache file of the format before (all JSON) is not read: the bundle is built again.
  const head = JSON.parse(kept.slice(0, eol));
  writeFileSync(cacheFile, JSON.stringify({ key: head.key, stamps: head.stamps, bundle: { text: 'broken(' } }));
  expect(await loadOnce()).toBe('v-one');

  // An imported file changes while nothing runs: the next start rebuilds.
  writeFileSync(join(dir, 'part.ts'), "export const part: string = 'two';\n");
  utimesSync(join(dir, 'part.ts'), new Date(), new Date(Date.now() + 5_000));
  expect(await loadOnce()).toBe('v-two');
});

it('resolves an import afresh when a file added, removed or renamed beside it changes where it leads', async () => {
  const sub = join(dir, 'resolve');
  mkdirSync(join(sub, 'parts'), { recursive: true });
  writeFileSync(join(sub, 'word.ts'), "export const word = 'ts';\n");
  writeFileSync(join(sub, 'parts/index.ts'), "export const part = 'index';\n");
  const main = join(sub, 'main.ts');
  writeFileSync(
    main,
    "import { word } from './word';\nimport { part } from './parts';\nexport const value = word + '-' + part;\n",
  );
  const loader = await createTsLoader<{ value: string }>(main);
  try {
    expect((await loader.load()).exports.value).toBe('ts-index');
    // Unchanged folders: the kept resolutions answer, and a content change still shows.
    writeFileSync(join(sub, 'word.ts'), "export const word = 'ts2';\n");
    expect((await loader.load()).exports.value).toBe('ts2-index');
    // `./word` now leads to word.tsx (esbuild tries .tsx before .ts); `./parts` to parts.ts before parts/index.ts.
    writeFileSync(join(sub, 'word.tsx'), "export const word = 'tsx';\n");
    writeFileSync(join(sub, 'parts.ts'), "export const part = 'file';\n");
    expect((await loader.load()).exports.value).toBe('tsx-file');
    // Removed, and a folder's index replaced by another name: back, and to the new index.
    rmSync(join(sub, 'word.tsx'));
    rmSync(join(sub, 'parts.ts'));
    rmSync(join(sub, 'parts/index.ts'));
    writeFileSync(join(sub, 'parts/index.tsx'), "export const part = 'tsx-index';\n");
    expect((await loader.load()).exports.value).toBe('ts2-tsx-index');
  } finally {
    await loader.dispose();
  }
});

it("follows a change of the tsconfig's `paths` for a bare import it maps", async () => {
  const sub = join(dir, 'paths');
  mkdirSync(join(sub, 'a'), { recursive: true });
  mkdirSync(join(sub, 'b'), { recursive: true });
  writeFileSync(join(sub, 'a/x.ts'), "export const x = 'a';\n");
  writeFileSync(join(sub, 'b/x.ts'), "export const x = 'b';\n");
  const tsconfig = (to: string) =>
    writeFileSync(join(sub, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths: { '@/*': [`./${to}/*`] } } }));
  tsconfig('a');
  const main = join(sub, 'main.ts');
  writeFileSync(main, "import { x } from '@/x';\nexport const value = x;\n");
  const loader = await createTsLoader<{ value: string }>(main);
  try {
    expect((await loader.load()).exports.value).toBe('a');
    tsconfig('b');
    // A rewrite within the file system's timestamp tick may keep the mtime; an edit by hand comes later.
    utimesSync(join(sub, 'tsconfig.json'), new Date(), new Date(Date.now() + 5_000));
    expect((await loader.load()).exports.value).toBe('b');
  } finally {
    await loader.dispose();
  }
});
