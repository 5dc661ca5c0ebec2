import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Bundle, createBundle, loadBundle } from '../runtime/index.ts';

/** The bundle in `dir`; without --bundle and without dist/, compiles the templates in memory. */
export async function bundleFor(
  dir: string | undefined,
  cwd: string,
  stderr: NodeJS.WritableStream,
  command: string,
): Promise<Bundle> {
  const path = resolve(cwd, dir ?? 'dist');
  if (dir !== undefined || existsSync(join(path, 'manifest.json'))) return loadBundle(path);
  stderr.write(
    `authmail ${command}: no bundle in dist/; compiling the templates in memory (run \`authmail build\` to skip this)\n`,
  );
  const { buildBundles } = await import('../build/build.ts');
  const output = await buildBundles();
  return createBundle(output.manifest, output.sources);
}
