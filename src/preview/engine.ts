/**
 * What the preview server loads (and loads again after a file changes)
 * through `load-ts.mjs`: the build and the runtime, exactly the code a build
 * and a send run, plus the config and catalog they read. Nothing here is
 * preview-specific logic: an email is compiled by `buildBundles` (slot
 * render, build checks, size limits) and filled by the runtime's
 * `createBundle(...).render`, the path a real send takes.
 */
import templateModules from 'authmail:templates';
import { type Brand, withPreset } from '../brand/brand.ts';
import { type BuildAssets, buildAssets } from '../build/assets.ts';
import { buildBundles } from '../build/build.ts';
import { type Config, parseConfig } from '../config/index.ts';
import { directionOf, resolveLocale } from '../locale/index.ts';
import { type Catalog, createCatalog, loadListed, type TemplateProblem } from '../project/catalog.ts';
import { projectTranslations, type Translations } from '../render/translations.ts';
import { type Bundle, createBundle, type ManifestEmail } from '../runtime/bundle.ts';

/**
 * The project's templates, as the workspace listed them for this build (`authmail:templates`), each loaded
 * alone; `known`: the files left out because they do not compile.
 */
export const loadCatalog = async (root: string, known: readonly TemplateProblem[] = []): Promise<Catalog> =>
  createCatalog(await loadListed(templateModules, root), root, known);

/** The project's config file's export, validated (throws `ConfigError` naming the key). */
export const loadProjectConfig = (raw: unknown, file: string, root: string): Config =>
  parseConfig(raw, file, { cwd: root });

/** The project's `locales/` read afresh, as its config selects them. */
export const loadTranslations = (root: string, config: Config): Translations =>
  projectTranslations(root, config.locales);

/** The config's brand with a preset's overrides. */
export function brandFor(config: Config, preset: string | undefined): Brand {
  if (!preset) return config.brand;
  // Own keys only: "constructor" or "__proto__" is no preset, not Object's.
  const overrides = Object.hasOwn(config.brandPresets, preset) ? config.brandPresets[preset] : undefined;
  if (!overrides) throw new Error(`No brand preset "${preset}" in authmail.config.ts`);
  return withPreset(config.brand, overrides);
}

export interface Compiled {
  bundle: Bundle;
  email: ManifestEmail;
}

/** One template × locale compiled as `npm run build` compiles it, as a runtime bundle. */
export async function compile(
  catalog: Catalog,
  template: string,
  locale: string,
  brand: Brand,
  translations: Translations,
  assets?: BuildAssets | undefined,
): Promise<Compiled> {
  const { id, kind } = catalog.get(template);
  // The email a send would get for this tag: `de-AT` → `de`, as the runtime resolves it; a React Email
  // template has no translations, and every locale gets the one email the build makes in the default locale.
  const resolved =
    kind === 'react'
      ? translations.defaultLocale
      : resolveLocale({ locale }, translations.locales, translations.defaultLocale).locale;
  const output = await buildBundles({ catalog, templates: [id], locales: [resolved], brand, translations, assets });
  const email = output.manifest.templates[id]?.emails[resolved];
  if (!email) throw new Error(`The build produced no ${id}/${resolved}`);
  return { bundle: createBundle(output.manifest, output.sources), email };
}

export { buildAssets, directionOf };
