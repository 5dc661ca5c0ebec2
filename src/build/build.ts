/**
 * The build: every template × locale rendered once in slot mode and written
 * as a bundle (`dist/<template>/<locale>.json` + `dist/manifest.json`).
 * Deterministic: fixed order, no timestamps, same input → same bytes.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Brand } from '../brand/brand.ts';
import { BundleError } from '../core/errors.ts';
import { type Catalog, projectCatalog } from '../project/catalog.ts';
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
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Renders and checks every email in memory; nothing is written. */
export async function buildBundles(options: BuildOptions): Promise<BuildOutput> {
  const tr = options.translations ?? projectTranslations();
  const catalog = options.catalog ?? (await projectCatalog());
  const ids = options.templates ?? catalog.ids;
  const locales = options.locales ?? tr.locales;
  const missingLocales = locales.filter((l) => !tr.locales.includes(l));
  if (missingLocales.length) throw new BundleError(`No translations for ${missingLocales.join(', ')} in locales/`);

  const total = ids.length * locales.length;
  const sources: EmailSource[] = [];
  const files: BuildOutput['files'] = [];
  const sizes: SizeWarning[] = [];
  const manifestTemplates: Record<string, ManifestTemplate> = {};
  let done = 0;
  for (const id of ids) {
    const template = catalog.get(id);
    const spec = template.definition;
    const variables = [...template.fields];
    const derived = derivedFor(variables);
    const emails: Record<string, ManifestEmail> = {};
    for (const locale of locales) {
      const rendered = await renderSlots(template, locale, { brand: options.brand, translations: tr });
      const where = `${id}/${locale}`;
      checkSlots(where, rendered, variables, derived);
      const source: EmailSource = {
        template: id,
        locale,
        dir: rendered.dir,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
      };
      const content = json(source);
      const file = `${id}/${locale}.json`;
      const htmlBytes = bytes(source.html);
      if (htmlBytes > WARN_BYTES) {
        sizes.push({
          template: id,
          locale,
          bytes: htmlBytes,
          level: htmlBytes > GMAIL_CLIP_BYTES ? 'error' : 'warning',
        });
      }
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
      sources.push(source);
      files.push({ path: file, content });
      done++;
      options.onEmail?.(done, total, source);
      // React 19's renderer grows the heap in a tight await loop; let it settle now and then.
      if (done % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    manifestTemplates[id] = {
      ...(spec.logtoType ? { logtoType: spec.logtoType } : {}),
      when: spec.when,
      variables,
      derived,
      sample: spec.sample as Record<string, unknown>,
      emails,
    };
  }
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    defaultLocale: tr.defaultLocale,
    locales: [...locales],
    templates: manifestTemplates,
  };
  const clipped = sizes.filter((size) => size.level === 'error');
  if (clipped.length) {
    throw new BundleError(
      `Gmail clips HTML over ${GMAIL_CLIP_BYTES} bytes: ${clipped.map((c) => `${c.template}/${c.locale} is ${c.bytes} bytes`).join(', ')}`,
    );
  }
  // Compiling proves every slot parses and resolves before anything is written.
  const bundle = createBundle(manifest, sources);
  // And filling it gives what React renders (equality.ts), in one locale per template.
  const locale = locales.includes(tr.defaultLocale) ? tr.defaultLocale : locales[0];
  if (locale !== undefined) {
    for (const id of ids) {
      await checkRuntimeEquality({ template: catalog.get(id), locale, bundle, brand: options.brand, translations: tr });
    }
  }
  files.push({ path: 'manifest.json', content: json(manifest) });
  return { manifest, sources, files, sizes };
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
