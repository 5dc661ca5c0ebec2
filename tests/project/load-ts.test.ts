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

  // Same files: the cache answers, even though the bundle on disk now says something else.
  const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
  cached.bundle.text = cached.bundle.text.replace('v-', 'cached-');
  writeFileSync(cacheFile, JSON.stringify(cached));
  expect(await loadOnce()).toBe('cached-one');

  // An imported file changes while nothing runs: the next start rebuilds.
  writeFileSync(join(dir, 'part.ts'), "export const part: string = 'two';\n");
  utimesSync(join(dir, 'part.ts'), new Date(), new Date(Date.now() + 5_000));
  expect(await loadOnce()).toBe('v-two');
});
