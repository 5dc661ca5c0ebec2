/**
 * A team's React Email templates (tests/fixtures/react-email) compiled by
 * authmail and filled by its runtime, against React Email's own `render()`
 * (+ `plainText`) of the same files with the same props: µs per email, warm,
 * one process. Also the compile (build) time of the folder.
 *
 *   NODE_ENV=production npx tsx --expose-gc bench/react-email.ts
 */
import { createElement } from 'react';
import { render as renderReact } from 'react-email';
import { buildAssets } from '../src/build/assets.ts';
import { buildBundles } from '../src/build/build.ts';
import { table } from '../src/build/report.ts';
import { loadConfig } from '../src/config/load.ts';
import { loadCatalog } from '../src/project/catalog.ts';
import { projectTranslations } from '../src/render/translations.ts';
import { createBundle } from '../src/runtime/index.ts';

const ROOT = new URL('../tests/fixtures/react-email/', import.meta.url).pathname.replace(/\/$/, '');
const RUNTIME_ITERATIONS = 100_000;
const REACT_ITERATIONS = 200;

if (process.env.NODE_ENV !== 'production') console.warn('warning: NODE_ENV is not "production"');

const tick = () => new Promise((resolve) => setImmediate(resolve));
let sink = 0;

const { config } = await loadConfig(undefined, ROOT);
const started = performance.now();
const catalog = await loadCatalog(ROOT);
const output = await buildBundles({
  catalog,
  brand: config.brand,
  translations: projectTranslations(ROOT, config.locales),
  assets: buildAssets(config.assets, ROOT),
});
const buildMs = performance.now() - started;
const bundle = createBundle(output.manifest, output.sources);

const rows: string[][] = [['template', 'runtime µs/email', 'React Email µs/email', 'speed-up']];
const ratios: number[] = [];
for (const id of catalog.ids) {
  const template = catalog.get(id);
  if (template.kind !== 'react') continue;
  const props = template.definition.sample as Record<string, unknown>;
  const variables = props;
  for (let i = 0; i < 10_000; i++) sink += bundle.render(id, { locale: 'en', variables }).html.length;
  let t = process.hrtime.bigint();
  for (let i = 0; i < RUNTIME_ITERATIONS; i++) {
    const e = bundle.render(id, { locale: 'en', variables });
    sink += e.html.length + e.text.length + e.subject.length;
  }
  const runtimeUs = Number(process.hrtime.bigint() - t) / 1e3 / RUNTIME_ITERATIONS;
  // React Email: what a team calls per send (HTML and plain text), yielding between renders (React 19's
  // renderer grows the heap in a tight await loop).
  const element = createElement(template.definition.component as never, props);
  for (let i = 0; i < 20; i++) sink += (await renderReact(element)).length;
  t = process.hrtime.bigint();
  for (let i = 0; i < REACT_ITERATIONS; i++) {
    sink += (await renderReact(element)).length + (await renderReact(element, { plainText: true })).length;
    if (i % 20 === 0) await tick();
  }
  const reactUs = Number(process.hrtime.bigint() - t) / 1e3 / REACT_ITERATIONS;
  ratios.push(reactUs / runtimeUs);
  rows.push([id, runtimeUs.toFixed(1), reactUs.toFixed(0), `${(reactUs / runtimeUs).toFixed(0)}×`]);
}

console.log(table(rows));
const geo = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
console.log(`\n${ratios.length} React Email templates; geometric mean speed-up ${geo.toFixed(0)}×`);
console.log(`compile of the folder (load, compile to slots, equality check): ${(buildMs / 1000).toFixed(2)} s`);
if (sink === 42) console.log('');
