/**
 * `authmail dev` without tsx: the CLI's own `runCli`, with the `dev` command
 * only, bundled by esbuild and evaluated (see load-ts.mjs). tsx's loader hooks
 * would triple the cost of importing Vite, React and the rest; the preview
 * must show its first email within a second.
 */
import { fileURLToPath } from 'node:url';
import { createTsLoader, prebuild } from './load-ts.mjs';

const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const commands = fileURLToPath(new URL('../cli/commands/index.ts', import.meta.url));

const engine = fileURLToPath(new URL('./engine.ts', import.meta.url));

export async function runDev(argv) {
  // While esbuild compiles the server, it also compiles the templates' code (in its own process),
  // and this thread imports Vite, which the browser needs first.
  prebuild(engine);
  const vite = import('vite');
  vite.catch(() => undefined);
  const loader = await createTsLoader(main, {
    replace: { [commands]: "import { dev } from './dev.ts';\nexport const commands = { dev };\n" },
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
