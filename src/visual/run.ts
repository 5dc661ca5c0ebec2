/**
 * `authmail test:visual`: screenshots of every template × locale in four
 * variants (640/375 px × light/dark) compared with the committed baselines
 * in `tests/visual/baselines/<locale>/<template>.<variant>.webp`. Writes an
 * HTML report with expected/actual/diff images for failures and one contact
 * sheet per locale under `test-results/visual/`. `update` rewrites the
 * baselines that are missing or differ beyond the tolerance. `results.json`
 * records the run for the preview, which can approve one failure at a time.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { LaunchOptions } from 'playwright-core';
import { buildAssets } from '../build/assets.ts';
import { sampleEmails } from '../check/runner.ts';
import type { CheckEmail } from '../check/types.ts';
import { loadCatalog } from '../project/catalog.ts';
import type { ProjectSettings } from '../project/settings.ts';
import { projectTranslations } from '../render/translations.ts';
import { Camera, VARIANTS, type Variant, variantName, variantsFor } from './capture.ts';
import { compareImages, TOLERANCE, type Tolerance } from './compare.ts';
import { contactSheet, type SheetRow } from './contact-sheet.ts';
import { decodeImage, decodePng, encodeWebp, IMAGE_EXT, LEGACY_IMAGE_EXT } from './image.ts';
import { writeReport } from './report.ts';
import { type VisualFailure, writeRunRecord } from './results.ts';
import type { VisualSection } from './schema.ts';
import { visualLocales } from './select.ts';

export const BASELINE_DIR = 'tests/visual/baselines';
export const OUT_DIR = 'test-results/visual';

export interface VisualOptions {
  templates?: readonly string[] | undefined;
  locales?: readonly string[] | undefined;
  update?: boolean | undefined;
  baselineDir?: string | undefined;
  outDir?: string | undefined;
  config?: (ProjectSettings & { visual: VisualSection }) | undefined;
  cwd?: string | undefined;
  tolerance?: Tolerance | undefined;
  /** Emails to shoot instead of the catalog samples (tests). */
  emails?: readonly CheckEmail[] | undefined;
  launch?: LaunchOptions | undefined;
  contactSheets?: boolean | undefined;
  /**
   * A shot without a baseline: `fail` (default; CI must compare with committed, reviewed baselines) or
   * `record` (the first local run writes it, to be reviewed and committed).
   */
  missing?: 'fail' | 'record' | undefined;
  onShot?: ((done: number, total: number, id: string, ok: boolean) => void) | undefined;
}

export type { VisualFailure } from './results.ts';

export interface VisualResult {
  shots: number;
  passed: number;
  failures: VisualFailure[];
  /** Baselines written (update mode). */
  updated: number;
  /** Baselines written because none existed (`missing: 'record'`), to be reviewed and committed. */
  recorded: number;
  /** Baselines of emails no longer in the matrix, deleted (full update only). */
  removed: number;
  templates: string[];
  locales: string[];
  tolerance: Tolerance;
  seconds: number;
  report: string;
  contactSheets: string[];
}

export const shotId = (email: Pick<CheckEmail, 'template' | 'locale' | 'stress'>, v: Variant) =>
  `${email.locale}/${email.template}.${email.stress ? 'stress-' : ''}${variantName(v)}`;

/** A stress email is shot once: at the narrowest width, in the first mode (where long values break first). */
const variantsOf = (email: Pick<CheckEmail, 'stress'>, variants: readonly Variant[]): readonly Variant[] => {
  if (!email.stress) return variants;
  const narrowest = variants.reduce((a, b) => (b.width < a.width ? b : a));
  return [variants.find((v) => v.width === narrowest.width) as Variant];
};

/** Every selected email of the project, filled with its sample values. */
async function projectEmails(options: VisualOptions, cwd: string) {
  if (!options.config) throw new Error('runVisual needs the project config, or the emails to capture');
  const { config } = options;
  const translations = projectTranslations(cwd, config.locales);
  const sampled = await sampleEmails({
    catalog: await loadCatalog(cwd),
    templates: options.templates,
    locales: visualLocales(options.locales, config.visual.locales, translations.locales, translations.defaultLocale),
    brand: config.brand,
    assets: buildAssets(config.assets, cwd),
    translations,
    stress: config.visual.stress,
  });
  return sampled.emails;
}

export async function runVisual(options: VisualOptions = {}): Promise<VisualResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const baselineDir = resolve(cwd, options.baselineDir ?? options.config?.visual.baselines ?? BASELINE_DIR);
  const outDir = resolve(cwd, options.outDir ?? options.config?.visual.out ?? OUT_DIR);
  const tolerance = options.tolerance ?? TOLERANCE;
  const emails = options.emails ?? (await projectEmails(options, cwd));
  const templates = [...new Set(emails.map((e) => e.template))];
  const locales = [...new Set(emails.map((e) => e.locale))];
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const failures: VisualFailure[] = [];
  const contactSheets: string[] = [];
  let passed = 0;
  let updated = 0;
  let done = 0;
  const variants = options.config ? variantsFor(options.config.visual.widths, options.config.visual.modes) : VARIANTS;
  const total = emails.reduce((n, e) => n + variantsOf(e, variants).length, 0);
  let recorded = 0;
  const camera = await Camera.open({ config: options.config, cwd, launch: options.launch, variants });
  try {
    for (const locale of locales) {
      const rows: SheetRow[] = [];
      for (const email of emails.filter((e) => e.locale === locale)) {
        const shots = await Promise.all(
          variantsOf(email, variants).map(async (v) => ({ v, png: await camera.shootPng(email.html, v) })),
        );
        const row: SheetRow = { label: email.stress ? `${email.template} (stress values)` : email.template, cells: [] };
        for (const { v, png } of shots) {
          const id = shotId(email, v);
          const actual = decodePng(png);
          row.cells.push({ label: variantName(v), png, width: actual.width, height: actual.height });
          const baselinePath = join(baselineDir, `${id}${IMAGE_EXT}`);
          const legacyPath = join(baselineDir, `${id}${LEGACY_IMAGE_EXT}`);
          const stored = existsSync(baselinePath) ? baselinePath : existsSync(legacyPath) ? legacyPath : undefined;
          const baseline = stored ? decodeImage(await readFile(stored)) : undefined;
          const comparison = baseline ? compareImages(baseline, actual, tolerance) : undefined;
          let ok = comparison?.pass === true;
          const record = !baseline && options.missing === 'record';
          // An update also moves a PNG baseline of an earlier version to WebP, pixels unchanged.
          if ((options.update || record) && (!ok || (options.update && stored === legacyPath))) {
            await mkdir(dirname(baselinePath), { recursive: true });
            await writeFile(baselinePath, encodeWebp(ok && baseline ? baseline : actual));
            if (stored === legacyPath) await rm(legacyPath);
            if (record && !options.update) recorded++;
            else if (!ok) updated++;
            ok = true;
          } else if (!ok) {
            const base = join(outDir, 'failures', id);
            await mkdir(dirname(base), { recursive: true });
            const failure: VisualFailure = { id, reason: '', actual: `${base}.actual${IMAGE_EXT}` };
            await writeFile(failure.actual, encodeWebp(actual));
            if (!baseline || !comparison) {
              failure.reason = `No baseline at ${relative(cwd, baselinePath)}: run \`authmail test:visual\` locally (it records missing baselines), review and commit them.`;
            } else {
              failure.expected = `${base}.expected${IMAGE_EXT}`;
              failure.diff = `${base}.diff${IMAGE_EXT}`;
              failure.diffPixels = comparison.diffPixels;
              await writeFile(failure.expected, encodeWebp(baseline));
              await writeFile(failure.diff, encodeWebp(comparison.diff));
              failure.reason = comparison.sizeMismatch
                ? `Size changed: baseline ${baseline.width}×${baseline.height}, now ${actual.width}×${actual.height} (${comparison.diffPixels} pixels differ).`
                : `${comparison.diffPixels} pixels differ (more than ${tolerance.maxDiffPixels}).`;
            }
            failures.push(failure);
          }
          if (ok) passed++;
          options.onShot?.(++done, total, id, ok);
        }
        rows.push(row);
      }
      if (options.contactSheets !== false && rows.length) {
        const path = join(outDir, 'contact-sheets', `${locale}.png`);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, await contactSheet(camera, `authmail — ${locale}`, rows));
        contactSheets.push(path);
      }
    }
  } finally {
    await camera.close();
  }

  // A full update also removes baselines of emails that no longer exist.
  let removed = 0;
  if (options.update && !options.templates?.length && !options.locales?.length && !options.emails) {
    const wanted = new Set(
      emails.flatMap((e) => variantsOf(e, variants).map((v) => join(baselineDir, `${shotId(e, v)}${IMAGE_EXT}`))),
    );
    for (const dir of existsSync(baselineDir) ? await readdir(baselineDir) : []) {
      const sub = join(baselineDir, dir);
      for (const file of await readdir(sub).catch(() => [] as string[])) {
        const path = join(sub, file);
        if ((file.endsWith(IMAGE_EXT) || file.endsWith(LEGACY_IMAGE_EXT)) && !wanted.has(path)) {
          await rm(path);
          removed++;
        }
      }
    }
  }

  const result: VisualResult = {
    shots: total,
    passed,
    failures,
    updated,
    recorded,
    removed,
    templates,
    locales,
    tolerance,
    seconds: (performance.now() - started) / 1000,
    report: join(outDir, 'report.html'),
    contactSheets,
  };
  await writeReport(result, result.report, outDir);
  // For the preview's visual review (results.ts): list the failures, approve one.
  await writeRunRecord(result, outDir, baselineDir, cwd);
  return result;
}
