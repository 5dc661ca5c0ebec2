/**
 * The visual comparator and `authmail test:visual`: an identical render
 * passes, a one-digit change of the code and a colour change fail, failures
 * get an HTML report with expected/actual/diff, and every locale gets a
 * contact sheet.
 */

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { sampleEmails } from '../../src/check/runner.ts';
import type { CheckEmail } from '../../src/check/types.ts';
import { loadConfig } from '../../src/config/load.ts';
import { codeGroupsHtml } from '../../src/runtime/format.ts';
import { Camera, VARIANTS, variantName } from '../../src/visual/capture.ts';
import { compareImages, TOLERANCE } from '../../src/visual/compare.ts';
import { decodeImage, decodePng, encodePng, encodeWebp, type Image } from '../../src/visual/image.ts';
import { perturb } from '../../src/visual/noise.ts';
import { runVisual } from '../../src/visual/run.ts';
import { cli } from '../fixtures/cli.ts';
import {
  logtoCatalog as catalog,
  LOGTO_FIXTURE,
  logtoTranslations as translations,
} from '../fixtures/logto-content.tsx';

let camera: Camera;
let signIn: CheckEmail;
let config: Awaited<ReturnType<typeof loadConfig>>['config'];
let dir: string;

beforeAll(async () => {
  config = (await loadConfig(undefined, LOGTO_FIXTURE)).config;
  camera = await Camera.open({ config, cwd: LOGTO_FIXTURE });
  [signIn] = (await samples(['sign-in'], ['en'])).emails as [CheckEmail];
  dir = await mkdtemp(join(tmpdir(), 'authmail-visual-'));
}, 120_000);
afterAll(async () => {
  await camera?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The fixture's emails filled with their sample values. */
const samples = (templates: string[], locales: string[]) =>
  sampleEmails({ catalog, translations, templates, locales, brand: config.brand });

const changeDigit = (email: CheckEmail) => ({
  ...email,
  html: email.html.replace(
    codeGroupsHtml('482915', (t) => t),
    codeGroupsHtml('482916', (t) => t),
  ),
});
const changeColour = (email: CheckEmail, from: string, to: string) => ({
  ...email,
  html: email.html.replaceAll(from, to),
});

describe('comparator', () => {
  it('passes an identical render (deterministic: 0 pixels differ)', async () => {
    for (const v of VARIANTS) {
      const a = await camera.shoot(signIn.html, v);
      const b = await camera.shoot(signIn.html, v);
      const c = compareImages(a, b);
      expect({ variant: variantName(v), diff: c.diffPixels, pass: c.pass }).toEqual({
        variant: variantName(v),
        diff: 0,
        pass: true,
      });
    }
  });

  it('fails when one digit of the code changes (a change of about a hundred pixels)', async () => {
    for (const v of VARIANTS) {
      const c = compareImages(await camera.shoot(signIn.html, v), await camera.shoot(changeDigit(signIn).html, v));
      expect(c.pass, `${variantName(v)}: ${c.diffPixels} px`).toBe(false);
      expect(c.diffPixels).toBeGreaterThan(TOLERANCE.maxDiffPixels);
      expect(c.diffPixels).toBeLessThan(400);
    }
  });

  it('fails when a colour changes: the brand colour, and muted text a shade lighter', async () => {
    const light = VARIANTS.find((v) => v.width === 640 && v.scheme === 'light') ?? VARIANTS[0];
    if (!light) throw new Error('no variant');
    const base = await camera.shoot(signIn.html, light);
    // The project's own brand colour, one step lighter in each channel; and the muted text a shade lighter.
    const brand = config.brand.primaryColor.toLowerCase();
    const lighter = `#${[1, 3, 5]
      .map((i) =>
        Math.min(255, Number.parseInt(brand.slice(i, i + 2), 16) + 17)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
    for (const [from, to] of [
      [brand, lighter],
      ['#545b66', '#5f6673'],
    ] as const) {
      const c = compareImages(base, await camera.shoot(changeColour(signIn, from, to).html, light));
      expect(c.pass, `${from} → ${to}: ${c.diffPixels} px`).toBe(false);
    }
  });

  it('fails on a size change and draws the diff', () => {
    const white = (w: number, h: number): Image => ({ width: w, height: h, data: new Uint8Array(w * h * 4).fill(255) });
    const c = compareImages(white(10, 10), white(10, 12));
    expect(c).toMatchObject({ pass: false, sizeMismatch: true });
    expect(c.diff.height).toBe(12);
  });

  it('stores baselines losslessly, as WebP smaller than the best PNG', async () => {
    const shot = await camera.shoot(signIn.html, VARIANTS[0] as (typeof VARIANTS)[0]);
    const webp = encodeWebp(shot);
    expect(webp.toString('latin1', 8, 12)).toBe('WEBP');
    const back = decodeImage(webp);
    expect([back.width, back.height]).toEqual([shot.width, shot.height]);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(shot.data))).toBe(0);
    expect(webp.length).toBeLessThan(encodePng(shot).length * 0.7);
    // A PNG baseline of an earlier version decodes to the same pixels.
    expect(Buffer.compare(Buffer.from(decodeImage(encodePng(shot)).data), Buffer.from(shot.data))).toBe(0);
  });
});

describe('runVisual', () => {
  it('writes baselines, passes against them, and reports a changed digit with expected/actual/diff', async () => {
    const { emails } = await samples(['sign-in'], ['en', 'ar']);
    const baselineDir = join(dir, 'baselines');
    const outDir = join(dir, 'out');
    const common = { emails, baselineDir, outDir, config, cwd: LOGTO_FIXTURE };

    const first = await runVisual({ ...common, update: true });
    expect(first).toMatchObject({ shots: 8, passed: 8, updated: 8, failures: [] });
    expect(existsSync(join(baselineDir, 'ar', 'sign-in.mobile-dark.webp'))).toBe(true);

    const again = await runVisual(common);
    expect(again).toMatchObject({ shots: 8, passed: 8, updated: 0, failures: [] });
    expect(again.contactSheets.map((p) => p.replace(outDir, ''))).toEqual([
      '/contact-sheets/en.png',
      '/contact-sheets/ar.png',
    ]);
    const sheet = decodePng(await readFile(again.contactSheets[0] as string));
    expect(sheet.width).toBeGreaterThan(1000);
    // All passed: the report shows the contact sheets, not only links to them.
    expect(await readFile(again.report, 'utf8')).toMatch(/<img src="contact-sheets\/en\.png"/);

    const changed = await runVisual({ ...common, emails: emails.map((e) => (e.locale === 'en' ? changeDigit(e) : e)) });
    expect(changed.passed).toBe(4);
    expect(changed.failures.map((f) => f.id).sort()).toEqual(
      VARIANTS.map((v) => `en/sign-in.${variantName(v)}`).sort(),
    );
    const failure = changed.failures[0];
    expect(failure?.reason).toMatch(/^\d+ pixels differ \(more than 40\)\.$/);
    for (const file of [failure?.expected, failure?.actual, failure?.diff])
      expect(existsSync(file as string)).toBe(true);
    const report = await readFile(changed.report, 'utf8');
    expect(report).toContain('4 passed, 4 failed of 8 screenshots');
    expect(report).toMatch(/<img src="failures\/en\/sign-in\.desktop-light\.expected\.webp"/);
    expect(report).toMatch(/<img src="failures\/en\/sign-in\.desktop-light\.diff\.webp"/);
    // At a 1440 px window, expected, actual and diff all fit on screen.
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(pathToFileURL(changed.report).href);
      const rights = await page
        .locator('section')
        .first()
        .locator('figure img')
        .evaluateAll((imgs) => imgs.map((i) => i.getBoundingClientRect().right));
      expect(rights).toHaveLength(3);
      for (const right of rights) expect(right).toBeLessThanOrEqual(1440);
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('fails without a baseline and says how to create it', async () => {
    const { emails } = await samples(['generic'], ['en']);
    const r = await runVisual({
      emails,
      baselineDir: join(dir, 'empty'),
      outDir: join(dir, 'out2'),
      config,
      cwd: LOGTO_FIXTURE,
      contactSheets: false,
    });
    expect(r.failures).toHaveLength(4);
    expect(r.failures[0]?.reason).toMatch(
      /No baseline at .*: run `authmail test:visual` locally \(it records missing baselines\), review and commit them/,
    );
    // The first local run records them instead, and the next one compares.
    const first = await runVisual({
      emails,
      baselineDir: join(dir, 'first'),
      outDir: join(dir, 'out3'),
      config,
      cwd: LOGTO_FIXTURE,
      contactSheets: false,
      missing: 'record',
    });
    expect(first).toMatchObject({ failures: [], recorded: 4, updated: 0, passed: 4 });
    expect(existsSync(join(dir, 'first/en/generic.mobile-dark.webp'))).toBe(true);
    const second = await runVisual({
      emails,
      baselineDir: join(dir, 'first'),
      outDir: join(dir, 'out3'),
      config,
      cwd: LOGTO_FIXTURE,
      contactSheets: false,
    });
    expect(second).toMatchObject({ failures: [], recorded: 0, passed: 4 });
  }, 120_000);

  it('reads PNG baselines of an earlier version, and an update moves them to WebP with their pixels', async () => {
    const { emails } = await samples(['generic'], ['en']);
    const baselineDir = join(dir, 'legacy');
    const common = { emails, baselineDir, outDir: join(dir, 'out4'), config, cwd: LOGTO_FIXTURE, contactSheets: false };
    await runVisual({ ...common, update: true });
    const files = (await readdir(join(baselineDir, 'en'))).sort();
    expect(files).toHaveLength(4);
    const pixels = new Map<string, Buffer>();
    for (const file of files) {
      const image = decodeImage(await readFile(join(baselineDir, 'en', file)));
      pixels.set(file.replace('.webp', ''), Buffer.from(image.data));
      await writeFile(join(baselineDir, 'en', file.replace('.webp', '.png')), encodePng(image));
      await rm(join(baselineDir, 'en', file));
    }
    expect(await runVisual(common)).toMatchObject({ passed: 4, failures: [] });
    expect(await runVisual({ ...common, update: true })).toMatchObject({ passed: 4, updated: 0, failures: [] });
    expect((await readdir(join(baselineDir, 'en'))).sort()).toEqual(files);
    for (const file of files)
      expect(
        Buffer.from(decodeImage(await readFile(join(baselineDir, 'en', file))).data).equals(
          pixels.get(file.replace('.webp', '')) as Buffer,
        ),
      ).toBe(true);
  }, 120_000);
});

describe('authmail test:visual (CLI)', () => {
  it('updates, then passes, printing a closing "N passed, N failed" line', async () => {
    const args = [
      '--template',
      'bind-mfa',
      '--locale',
      'pt-BR',
      '--baselines',
      join(dir, 'cli-b'),
      '--out',
      join(dir, 'cli-o'),
    ];
    const update = await cli(['test:visual', '--update', ...args], LOGTO_FIXTURE);
    expect(update.code).toBe(0);
    // The four variants, and the stress values at the narrowest width.
    expect(update.stdout).toContain('updated 5 baselines');
    expect(existsSync(join(dir, 'cli-b/pt-BR/bind-mfa.stress-mobile-light.webp'))).toBe(true);
    const run = await cli(['test:visual', ...args], LOGTO_FIXTURE);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^visual: 5 passed, 0 failed$/m);
    expect(run.stdout).toMatch(/report: .*report\.html/);
  }, 180_000);
});

describe('tolerance', () => {
  it('absorbs rasterization noise of the measured size (edges ±6 levels, everything ±2)', async () => {
    for (const v of VARIANTS) {
      const shot = await camera.shoot(signIn.html, v);
      const c = compareImages(shot, perturb(shot, 6, 2, 7));
      expect({ variant: variantName(v), pass: c.pass, diff: c.diffPixels }).toEqual({
        variant: variantName(v),
        pass: true,
        diff: 0,
      });
    }
  });
});
