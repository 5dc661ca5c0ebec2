import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Config } from '../config/index.ts';
import { templateFiles } from '../project/catalog.ts';
import { type Bundle, createBundle, loadBundle } from '../runtime/index.ts';

/** The bundle in `dir`; without --bundle and without dist/, compiles the templates in memory. */
export async function bundleFor(
  dir: string | undefined,
  cwd: string,
  stderr: NodeJS.WritableStream,
  command: string,
  config: Config,
): Promise<Bundle> {
  const path = resolve(cwd, dir ?? 'dist');
  if (dir !== undefined) return loadBundle(path);
  if (existsSync(join(path, 'manifest.json'))) {
    const bundle = await loadBundle(path);
    // A template file added since the last build is not in dist/ yet: say so before "unknown template".
    const missing = templateFiles(cwd)
      .map((file) => basename(file).replace(/\.[^.]+$/, ''))
      .filter((id) => !bundle.templates.includes(id));
    if (missing.length) {
      stderr.write(
        `authmail ${command}: dist/ has no ${missing.join(', ')} (added since the last build?); run \`authmail build\`\n`,
      );
    }
    return bundle;
  }
  stderr.write(
    `authmail ${command}: no bundle in dist/; compiling the templates in memory (run \`authmail build\` to skip this)\n`,
  );
  const [{ buildBundles }, { projectTranslations }, { loadCatalog }, { buildAssets }] = await Promise.all([
    import('../build/build.ts'),
    import('../render/translations.ts'),
    import('../project/catalog.ts'),
    import('../build/assets.ts'),
  ]);
  const output = await buildBundles({
    catalog: await loadCatalog(cwd),
    brand: config.brand,
    assets: buildAssets(config.assets, cwd),
    translations: projectTranslations(cwd, config.locales),
  });
  return createBundle(output.manifest, output.sources);
}
