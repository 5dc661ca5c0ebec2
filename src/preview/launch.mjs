/**
 * `authmail dev` without tsx: the CLI's own `runCli`, with the `dev` command
 * only, bundled by esbuild and evaluated (see load-ts.mjs). tsx's loader hooks
 * would triple the cost of importing Vite, React and the rest; the preview
 * must show its first email within a second.
 */
import { fileURLToPath } from 'node:url';
import { createTsLoader } from '../project/load-ts.mjs';

const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const commands = fileURLToPath(new URL('../cli/commands/index.ts', import.meta.url));

export async function runDev(argv) {
  const loader = await createTsLoader(main, {
    replace: { [commands]: "import { dev } from './dev.ts';\nexport const commands = { dev };\n" },
    // The server's mail and parsing libraries load on the first test send, not at start.
    lazyCommonJs: true,
    // The CLI and server code rarely change: reuse the last start's bundle (like Vite's cache).
    cacheFile: fileURLToPath(new URL('../../node_modules/.cache/authmail-preview/cli-bundle.json', import.meta.url)),
  });
  const { exports } = await loader.load();
  await loader.dispose();
  try {
    return await exports.runCli(argv);
  } finally {
    // esbuild's service process (and the templates' build started above) must not keep Node alive.
    (await import('esbuild')).stop();
  }
}
