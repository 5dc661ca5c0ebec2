/**
 * Per-email cost of `runtime.render` (subject + HTML + text) against React
 * Email's `render()` + `render(…, { plainText: true })` for the same template
 * and values, warm, in one process; plus the cold build of all emails.
 *
 *   npm run bench            (NODE_ENV=production, --expose-gc)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReactElement } from 'react';
import { render as renderReact } from 'react-email';
import { buildBundles } from '../src/build/build.ts';
import { table } from '../src/build/report.ts';
import { loadConfig } from '../src/config/load.ts';
import { projectCatalog } from '../src/project/catalog.ts';
import { emailElement, scopeFor } from '../src/render/render.tsx';
import { projectTranslations } from '../src/render/translations.ts';
import { createBundle } from '../src/runtime/index.ts';

const LOCALES = ['en', 'de', 'ar', 'ja'];
const RUNTIME_ITERATIONS = 200_000;
const REACT_ITERATIONS = 150;
const textOptions = { wordwrap: false as const };

if (process.env.NODE_ENV !== 'production') console.warn('warning: NODE_ENV is not "production"');

const tick = () => new Promise((resolve) => setImmediate(resolve));
let sink = 0;

/** React Email's pair on a pre-built element: exactly `render()` + `render(…, { plainText: true })`. */
async function reactPair(element: ReactElement) {
  const html = await renderReact(element);
  const text = await renderReact(element, { plainText: true, htmlToTextOptions: textOptions });
  return html.indexOf('\u0001') + text.indexOf('\u0001');
}

// The project's own brand: these are the emails the project sends.
const { config } = await loadConfig();
const catalog = await projectCatalog();
const templateIds = catalog.ids;
const output = await buildBundles({ catalog, locales: LOCALES, brand: config.brand });
const bundle = createBundle(output.manifest, output.sources);

const rows: string[][] = [
  ['template', 'runtime µs/op', 'runtime + flatten µs/op', 'React Email µs/op', 'speed-up (vs flattened)'],
];
const ratios: number[] = [];
for (const id of templateIds) {
  const template = catalog.get(id);
  if (template.kind !== 'define') continue; // the React Email templates are bench/react-email.ts's
  const variables = template.definition.sample;
  // runtime: warm up, then time many iterations across the locales
  for (let i = 0; i < 20_000; i++) sink += bundle.render(id, { locale: LOCALES[i % 4], variables }).html.length;
  let t = process.hrtime.bigint();
  for (let i = 0; i < RUNTIME_ITERATIONS; i++) {
    const e = bundle.render(id, { locale: LOCALES[i & 3], variables });
    sink += e.html.length + e.text.length + e.subject.length;
  }
  const runtimeUs = Number(process.hrtime.bigint() - t) / 1e3 / RUNTIME_ITERATIONS;
  // The same, with the returned strings made contiguous (V8 returns a rope of
  // the static parts and the values; indexOf flattens it without encoding).
  t = process.hrtime.bigint();
  for (let i = 0; i < RUNTIME_ITERATIONS; i++) {
    const e = bundle.render(id, { locale: LOCALES[i & 3], variables });
    sink += e.html.indexOf('\u0001') + e.text.indexOf('\u0001') + e.subject.length;
  }
  const flatUs = Number(process.hrtime.bigint() - t) / 1e3 / RUNTIME_ITERATIONS;

  // React Email: elements built beforehand, warm up, then time; yield now and then
  // (React 19 grows the heap in tight await loops).
  const elements = LOCALES.map(
    (locale) => emailElement(template, scopeFor(template, { locale, variables, brand: config.brand })).element,
  );
  for (let i = 0; i < 60; i++) sink += await reactPair(elements[i & 3] as ReactElement);
  t = process.hrtime.bigint();
  for (let i = 0; i < REACT_ITERATIONS; i++) {
    sink += await reactPair(elements[i & 3] as ReactElement);
    if (i % 10 === 9) await tick();
  }
  const reactUs = Number(process.hrtime.bigint() - t) / 1e3 / REACT_ITERATIONS;
  ratios.push(reactUs / flatUs);
  rows.push([id, runtimeUs.toFixed(2), flatUs.toFixed(2), reactUs.toFixed(0), `${Math.round(reactUs / flatUs)}×`]);
  (globalThis as { gc?: () => void }).gc?.();
}

console.log(
  `runtime.render vs React Email render() + render(plainText) — locales ${LOCALES.join(', ')}, sample values`,
);
console.log(table(rows));
const geo = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
console.log(`geometric mean speed-up (flattened): ${Math.round(geo)}×   (goal ≥ 500×)`);

// Cold build: a new process builds all 180 emails and writes them.
const out = mkdtempSync(join(tmpdir(), 'authmail-bench-'));
const times: number[] = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', out], { stdio: 'ignore' });
  times.push(performance.now() - start);
}
rmSync(out, { recursive: true, force: true });
const emailCount = templateIds.length * projectTranslations(process.cwd(), config.locales).locales.length;
console.log(
  `cold build of ${emailCount} emails (new process, wall clock): ${times.map((t) => (t / 1000).toFixed(2)).join(' s, ')} s   (goal ≤ 3 s)`,
);
if (sink === 42) console.log('');
