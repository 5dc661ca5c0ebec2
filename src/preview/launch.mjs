// @ts-check
/**
 * `authmail dev` without tsx: the CLI's own `runCli`, with the `dev` command
 * only, bundled by esbuild and evaluated (see load-ts.mjs). tsx's loader hooks
 * would triple the cost of importing Vite, React and the rest; the preview
 * must show its first email within a second.
 */
import { fileURLToPath } from 'node:url';
import { createTsLoader } from '../project/load-ts.mjs';
import { loadVendor } from '../project/vendor.mjs';
import { PREVIEW_CACHE } from './cache-dir.mjs';
import { applyHeapPolicy } from './heap-policy.mjs';
import { trace } from './trace.mjs';

const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const commands = fileURLToPath(new URL('../cli/commands/index.ts', import.meta.url));

/**
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
export async function runDev(argv) {
  // Small over fast (heap-policy.mjs), before anything loads; and before the pre-bundled dependencies' code cache
  // is read, since V8 accepts a code cache only under the flags it was made with.
  applyHeapPolicy();
  // The dependencies the last start pre-bundled (the server refreshes them once idle), evaluated on first use.
  const vendor = loadVendor(PREVIEW_CACHE, trace && ((what) => trace?.(`vendor: ${what}`)));
  trace?.(`vendor: ${vendor}`);
  const loader = await createTsLoader(main, {
    replace: { [commands]: "import { dev } from './dev.ts';\nexport const commands = { dev };\n" },
    // The server's mail and parsing libraries load on the first test send, not at start.
    lazyCommonJs: true,
    // The CLI and server code rarely change: reuse the last start's bundle (like Vite's cache).
    cacheFile: `${PREVIEW_CACHE}/cli-bundle.json`,
  });
  const { exports } = await loader.load();
  await loader.dispose();
  try {
    return await /** @type {{ runCli(argv: string[]): Promise<number> }} */ (exports).runCli(argv);
  } finally {
    // esbuild's service process (and the templates' build started above) must not keep Node alive.
    (await import('esbuild')).stop();
  }
}
