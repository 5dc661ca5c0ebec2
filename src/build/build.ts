/**
 * The build: every template × locale rendered once in slot mode and written
 * as a bundle (`dist/<template>/<locale>.json` + `dist/manifest.json`).
 * Deterministic: fixed order, no timestamps, same input → same bytes.
 *
 * A React Email template is built once, in the default locale (its texts are
 * its own, not the project's `locales/`); the runtime sends it for any
 * locale with the language it has. With `problems: 'collect'`, a template
 * that fails (it does not render, breaks a build check, or its bundle does
 * not fill to what React renders) is listed with its file and the reason,
 * and every other template is built.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Brand } from '../brand/brand.ts';
import type { FlatField } from '../catalog/fields.ts';
import { BundleError, TemplateError } from '../core/errors.ts';
import { escapeRegExp } from '../core/regexp.ts';
import { type Catalog, type ProjectTemplate, projectCatalog, type TemplateProblem } from '../project/catalog.ts';
import { renderSlots } from '../render/render.tsx';
import { translations as projectTranslations, type Translations } from '../render/translations.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  createBundle,
  type EmailSource,
  type Manifest,
  type ManifestEmail,
  type ManifestTemplate,
  sha256,
} from '../runtime/bundle.ts';
import { derivedFor } from '../variables/derived.ts';
import { absoluteAssets, type BuildAssets } from './assets.ts';
import { checkSlots, GMAIL_CLIP_BYTES, WARN_BYTES } from './checks.ts';
import { checkRuntimeEquality } from './equality.ts';

export interface BuildOptions {
  /** The project config's `brand`. */
  brand: Brand;
  /** The project's templates (default: the working directory's `emails/`). */
  catalog?: Catalog | undefined;
  /** Only these template ids (default: all). */
  templates?: readonly string[] | undefined;
  locales?: readonly string[] | undefined;
  translations?: Translations | undefined;
  /** Called after each email. */
  onEmail?: ((done: number, total: number, source: EmailSource) => void) | undefined;
  /**
   * `throw` (default): the first template that fails stops the build. `collect`: it is listed in
   * `problems` (with the catalog's own) and the others are built.
   */
  problems?: 'throw' | 'collect' | undefined;
  /** Where root-relative asset URLs (`/static/logo.png`) are published: the config's `assets`, dir absolute. */
  assets?: BuildAssets | undefined;
}

export interface SizeWarning {
  template: string;
  locale: string;
  bytes: number;
  level: 'warning' | 'error';
}

export interface BuildOutput {
  manifest: Manifest;
  sources: EmailSource[];
  /** Files to write, relative to the output directory, in a stable order. */
  files: { path: string; content: string }[];
  /** Emails over the 80 KB comfort limit (over 102 KB the build throws). */
  sizes: SizeWarning[];
  /** Templates that did not build (with `problems: 'collect'`), the catalog's included. */
  problems: TemplateProblem[];
  /** What the build noticed but built anyway (a React Email template without a subject). */
  warnings: string[];
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

interface Built {
  manifest: ManifestTemplate;
  sources: EmailSource[];
  files: { path: string; content: string }[];
  sizes: SizeWarning[];
}

/** Renders and checks every email in memory; nothing is written. */
export async function buildBundles(options: BuildOptions): Promise<BuildOutput> {
  const tr = options.translations ?? projectTranslations();
  const catalog = options.catalog ?? (await projectCatalog());
  const ids = options.templates ?? catalog.ids;
  const locales = options.locales ?? tr.locales;
  const missingLocales = locales.filter((l) => !tr.locales.includes(l));
  if (missingLocales.length) throw new BundleError(`No translations for ${missingLocales.join(', ')} in locales/`);
  const collect = options.problems === 'collect';
  const problems: TemplateProblem[] = collect ? [...catalog.problems] : [];
  const warnings: string[] = [];
  // A React Email template has one email: the default locale's, when the build makes it.
  const localesOf = (t: ProjectTemplate) =>
    t.kind === 'react' ? locales.filter((l) => l === tr.defaultLocale).slice(0, 1) : locales;
  const total = ids.reduce((n, id) => n + localesOf(catalog.get(id)).length, 0);
  const built = new Map<string, Built>();
  let done = 0;

  for (const id of ids) {
    const template = catalog.get(id);
    try {
      const result = await buildTemplate(template, localesOf(template), options, tr, warnings, (source) => {
        done++;
        options.onEmail?.(done, total, source);
      });
      built.set(id, result);
    } catch (error) {
      if (!collect) throw error;
      const file = shownFile(template.file);
      let message = (error as Error).message;
      if (message.startsWith(`${file}: `)) message = message.slice(file.length + 2);
      // A compile error at a line of the template's own file: that line is the problem's.
      const at = new RegExp(`^${escapeRegExp(file)}:(\\d+):(\\d+): `).exec(message);
      problems.push(
        at
          ? { file, line: Number(at[1]), column: Number(at[2]), message: message.slice(at[0].length) }
          : { file, message },
      );
    }
    // React 19's renderer grows the heap in a tight await loop; let it settle now and then.
    await new Promise((resolve) => setImmediate(resolve));
  }

  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    defaultLocale: tr.defaultLocale,
    locales: [...locales],
    templates: Object.fromEntries([...built].map(([id, b]) => [id, b.manifest])),
  };
  const sources = [...built.values()].flatMap((b) => b.sources);
  const files = [...built.values()].flatMap((b) => b.files);
  const sizes = [...built.values()].flatMap((b) => b.sizes);
  files.push({ path: 'manifest.json', content: json(manifest) });
  return { manifest, sources, files, sizes, problems, warnings };
}

/** The project-relative form of a template's file, for messages. */
const shownFile = (file: string) => {
  const at = file.lastIndexOf('/emails/');
  return at === -1 ? file : relative(file.slice(0, at), file);
};

async function buildTemplate(
  template: ProjectTemplate,
  locales: readonly string[],
  options: BuildOptions,
  tr: Translations,
  warnings: string[],
  onEmail: (source: EmailSource) => void,
): Promise<Built> {
  const id = template.id;
  const spec = template.definition;
  let variables: FlatField[] = [...template.fields];
  const emails: Record<string, ManifestEmail> = {};
  const out: Built = { manifest: {} as ManifestTemplate, sources: [], files: [], sizes: [] };
  for (const locale of locales) {
    const where = `${id}/${locale}`;
    const rendered = absoluteAssets(
      where,
      await renderSlots(template, locale, { brand: options.brand, translations: tr }).catch((error: unknown) => {
        throw new TemplateError(`${shownFile(template.file)}: ${(error as Error).message}`);
      }),
      options.assets,
    );
    if (rendered.fields) variables = rendered.fields;
    for (const warning of rendered.warnings ?? []) warnings.push(`${shownFile(template.file)} ${warning}`);
    const derived = derivedFor(variables);
    checkSlots(where, rendered, variables, derived);
    const source: EmailSource = {
      template: id,
      locale,
      dir: rendered.dir,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      ...(rendered.preview !== undefined ? { preview: rendered.preview } : {}),
    };
    const content = json(source);
    const file = `${id}/${locale}.json`;
    const htmlBytes = bytes(source.html);
    if (htmlBytes > GMAIL_CLIP_BYTES) {
      throw new BundleError(`Gmail clips HTML over ${GMAIL_CLIP_BYTES} bytes: ${where} is ${htmlBytes} bytes`);
    }
    if (htmlBytes > WARN_BYTES) out.sizes.push({ template: id, locale, bytes: htmlBytes, level: 'warning' });
    emails[locale] = {
      file,
      dir: source.dir,
      sha256: sha256(content),
      bytes: {
        html: htmlBytes,
        htmlGzip: gzipSync(source.html, { level: 9 }).length,
        text: bytes(source.text),
        subject: bytes(source.subject),
      },
    };
    out.sources.push(source);
    out.files.push({ path: file, content });
    onEmail(source);
  }
  out.manifest = {
    ...(spec.logtoType ? { logtoType: spec.logtoType } : {}),
    when: spec.when,
    variables,
    derived: derivedFor(variables),
    sample: spec.sample as Record<string, unknown>,
    emails,
  };
  // Compiling proves every slot parses and resolves; filling gives what React renders (equality.ts),
  // in one locale per template: the default, when built.
  const bundle = createBundle(
    {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      defaultLocale: tr.defaultLocale,
      locales: [...locales],
      templates: { [id]: out.manifest },
    },
    out.sources,
  );
  const locale = locales.includes(tr.defaultLocale) ? tr.defaultLocale : locales[0];
  if (locale !== undefined) {
    await checkRuntimeEquality({
      template,
      locale,
      bundle,
      brand: options.brand,
      translations: tr,
      fields: variables,
      assets: options.assets,
    });
  }
  return out;
}

/** Replaces `outDir` with the build output. */
export async function writeBundles(output: BuildOutput, outDir: string) {
  await rm(outDir, { recursive: true, force: true });
  for (const file of output.files) {
    const path = join(outDir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}
