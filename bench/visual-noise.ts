/**
 * Measures rendering noise and sensitivity to choose the visual tolerance.
 *
 * Another Chromium cannot be installed here, so "a minor Chromium update" is
 * approximated by rendering the same emails with changed rasterization
 * settings of the same binary (font hinting one step up, subpixel
 * positioning off, Skia without its SIMD code paths, one raster thread,
 * another text gamma/contrast) and by a second identical run. Each render is
 * compared with the reference render under several comparator settings.
 * Sensitivity: the same emails with the OTP's last digit changed and with
 * colour changes.
 *
 *   npx tsx bench/visual-noise.ts [--locales en,ar,ja,th]
 */
import { parseArgs } from 'node:util';
import pixelmatch from 'pixelmatch';
import { CHROMIUM_ARGS } from '../src/browser/chromium.ts';
import { sampleEmails } from '../src/check/runner.ts';
import type { CheckEmail } from '../src/check/types.ts';
import { loadConfig } from '../src/config/load.ts';
import { Camera, VARIANTS, variantName } from '../src/visual/capture.ts';
import { type Image, padImage } from '../src/visual/image.ts';
import { perturb } from '../src/visual/noise.ts';

const { values } = parseArgs({ options: { locales: { type: 'string', default: 'en,ar,ja,th' } } });
const locales = String(values.locales).split(',');
const { config } = await loadConfig();
const { emails } = await sampleEmails({ locales, brand: config.brand });

const SETTINGS = [
  { name: 'exact (t=0)', threshold: 0, includeAA: true },
  { name: 't=0.02', threshold: 0.02, includeAA: true },
  { name: 't=0.03', threshold: 0.03, includeAA: true },
  { name: 't=0.05', threshold: 0.05, includeAA: true },
  { name: 't=0.1, AA ignored', threshold: 0.1, includeAA: false },
  { name: 't=0.2, AA ignored (Playwright default)', threshold: 0.2, includeAA: false },
];

const withFlag = (drop: RegExp | undefined, add: string[]) => [...CHROMIUM_ARGS.filter((a) => !drop?.test(a)), ...add];

const NOISE = [
  { name: 'second identical run', args: CHROMIUM_ARGS },
  { name: 'font hinting none → slight', args: withFlag(/font-render-hinting/, ['--font-render-hinting=slight']) },
  { name: 'font hinting none → full', args: withFlag(/font-render-hinting/, ['--font-render-hinting=full']) },
  { name: 'subpixel positioning off', args: withFlag(undefined, ['--disable-font-subpixel-positioning']) },
  { name: 'Skia without SIMD paths', args: withFlag(undefined, ['--disable-skia-runtime-opts']) },
  { name: 'one raster thread', args: withFlag(undefined, ['--num-raster-threads=1']) },
  { name: 'text contrast/gamma changed', args: withFlag(undefined, ['--text-contrast=0.9', '--text-gamma=1.5']) },
];

type Shots = Map<string, Image>;

async function shootAll(args: string[], list: readonly CheckEmail[]): Promise<Shots> {
  const camera = await Camera.open({ config, launch: { args } });
  const shots: Shots = new Map();
  try {
    for (const e of list) {
      for (const v of VARIANTS) shots.set(`${e.locale}/${e.template}.${variantName(v)}`, await camera.shoot(e.html, v));
    }
  } finally {
    await camera.close();
  }
  return shots;
}

function diffCounts(a: Image, b: Image): number[] {
  const width = Math.max(a.width, b.width);
  const height = Math.max(a.height, b.height);
  if (a.width !== b.width || a.height !== b.height) return SETTINGS.map(() => Number.POSITIVE_INFINITY);
  const pa = padImage(a, width, height);
  const pb = padImage(b, width, height);
  return SETTINGS.map((s) =>
    pixelmatch(pa.data, pb.data, undefined, width, height, { threshold: s.threshold, includeAA: s.includeAA }),
  );
}

function stats(values: number[]) {
  const sorted = [...values].sort((x, y) => x - y);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { min: sorted[0] ?? 0, p50: q(0.5), p95: q(0.95), max: sorted.at(-1) ?? 0, n: sorted.length };
}

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : 'size');

function compareSets(reference: Shots, other: Shots): number[][] {
  const perSetting = SETTINGS.map(() => [] as number[]);
  for (const [id, img] of reference) {
    const o = other.get(id);
    if (!o) continue;
    diffCounts(img, o).forEach((d, i) => {
      perSetting[i]?.push(d);
    });
  }
  return perSetting;
}

const started = performance.now();
console.log(
  `# Visual noise and sensitivity (${emails.length} emails × ${VARIANTS.length} variants, locales ${locales.join(', ')})\n`,
);
const reference = await shootAll(CHROMIUM_ARGS, emails);
console.log(`reference: ${reference.size} screenshots\n`);

console.log('## Noise: differing pixels per screenshot against the reference (min / p50 / p95 / max)\n');
console.log(`| change | ${SETTINGS.map((s) => s.name).join(' | ')} |`);
console.log(`|---|${SETTINGS.map(() => '---').join('|')}|`);
for (const n of NOISE) {
  const other = await shootAll(n.args, emails);
  const cols = compareSets(reference, other).map((v) => {
    const s = stats(v);
    return `${fmt(s.min)} / ${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.max)}`;
  });
  console.log(`| ${n.name} | ${cols.join(' | ')} |`);
}

const SYNTHETIC = [
  { name: 'synthetic: edges ±2, all ±1', edge: 2, all: 1 },
  { name: 'synthetic: edges ±4, all ±1', edge: 4, all: 1 },
  { name: 'synthetic: edges ±6, all ±2', edge: 6, all: 2 },
  { name: 'synthetic: edges ±10, all ±2', edge: 10, all: 2 },
];
for (const n of SYNTHETIC) {
  const other: Shots = new Map();
  let seed = 1;
  for (const [id, img] of reference) other.set(id, perturb(img, n.edge, n.all, seed++));
  const cols = compareSets(reference, other).map((v) => {
    const s = stats(v);
    return `${fmt(s.min)} / ${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.max)}`;
  });
  console.log(`| ${n.name} | ${cols.join(' | ')} |`);
}

const codeEmails = emails.filter((e) => e.code);
const bump = (code: string) => code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
const CHANGES: { name: string; emails: CheckEmail[] }[] = [
  {
    name: 'OTP last digit +1',
    emails: codeEmails.map((e) => ({ ...e, html: e.html.replace(e.code as string, bump(e.code as string)) })),
  },
  {
    name: 'brand colour #4f46e5 → #6366f1',
    emails: emails.map((e) => ({ ...e, html: e.html.replaceAll('#4f46e5', '#6366f1') })),
  },
  {
    name: 'muted text #545b66 → #5f6673',
    emails: emails.map((e) => ({ ...e, html: e.html.replaceAll('#545b66', '#5f6673') })),
  },
  {
    name: 'code box background #f1f3f8 → #f8f1f1',
    emails: codeEmails.map((e) => ({ ...e, html: e.html.replaceAll('#f1f3f8', '#f8f1f1') })),
  },
  {
    name: 'card background #ffffff → #f7f7f7 (3 %)',
    emails: emails.map((e) => ({
      ...e,
      html: e.html.replaceAll('background-color:#ffffff', 'background-color:#f7f7f7'),
    })),
  },
  {
    name: 'dark text #e8eaed → #d8dadd (dark mode)',
    emails: emails.map((e) => ({ ...e, html: e.html.replaceAll('#e8eaed', '#d8dadd') })),
  },
];

console.log('\n## Sensitivity: differing pixels per screenshot for real changes (min / p50 / max)\n');
console.log('Colour changes count only the variants where the colour is visible (light mode for inline colours).\n');
console.log(`| change | ${SETTINGS.map((s) => s.name).join(' | ')} |`);
console.log(`|---|${SETTINGS.map(() => '---').join('|')}|`);
for (const c of CHANGES) {
  const changed = await shootAll(CHROMIUM_ARGS, c.emails);
  const sets = compareSets(reference, changed);
  // Only screenshots where the change is visible at all (exact count > 0).
  const exact = sets[0] ?? [];
  const cols = sets.map((v) => {
    const s = stats(v.filter((_, i) => (exact[i] ?? 0) > 0));
    return `${fmt(s.min)} / ${fmt(s.p50)} / ${fmt(s.max)} (n=${s.n})`;
  });
  console.log(`| ${c.name} | ${cols.join(' | ')} |`);
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);
