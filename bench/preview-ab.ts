/**
 * Two checkouts' cold starts compared start by start, on one machine at one time: this machine's noise
 * (a cold start spreads over ±30 %) hides differences of tens of milliseconds between whole bench runs,
 * so the two alternate at every start (A, B, B, A, …) and each gets the same conditions.
 *
 * For each checkout, its own copy of the default content and both cases of bench/preview.ts: the designer's
 * browser (one profile on one port, the service worker installed) and a new profile's first visit. Each
 * start is measured from the spawn to the first email shown (the page's own probe), then left to finish
 * its start-up work (the caches the next start reuses) before it stops.
 *
 *   npx tsx bench/preview-ab.ts --base /path/to/other/checkout [--runs 10]
 *
 * The other checkout needs its own node_modules (the preview's cache lives there): a folder of symlinks
 * to this one's packages, without `.cache`, will do.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, launchChromium } from '../src/browser/chromium.ts';
import { table } from '../src/build/report.ts';
import * as here from '../tests/fixtures/preview.ts';
import { freePort } from '../tests/fixtures/redis.ts';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, runs: { type: 'string', default: '10' } } });
if (!values.base) throw new Error('--base <checkout> is required');
const RUNS = Number(values.runs);
const there = (await import(join(resolve(values.base), 'tests/fixtures/preview.ts'))) as typeof here;

const browser = await launchChromium({ args: [...CHROMIUM_ARGS, '--disable-features=AutofillServerCommunication'] });
const sides = [];
for (const [name, fixture] of [
  ['base', there],
  ['this', here],
] as const) {
  const designer = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await here.reportFirstEmail(designer);
  sides.push({ name, fixture, project: fixture.copyProject('default'), designer, port: await freePort() });
}
type Side = (typeof sides)[number];
const times = new Map<string, number[]>();

async function start(side: Side, visit: boolean, record: boolean) {
  const context = visit ? await browser.newContext({ viewport: { width: 1400, height: 900 } }) : side.designer;
  if (visit) await here.reportFirstEmail(context);
  const page = await context.newPage();
  const started = performance.now();
  const server = await side.fixture.startPreview(side.project.dir, 60_000, ['--port', String(visit ? 0 : side.port)]);
  const listening = performance.now() - started;
  const [, at] = await Promise.all([page.goto(`${server.url}?template=sign-in`), here.firstEmailShown(page, 30_000)]);
  if (record) {
    const key = (what: string) => `${side.name}: ${visit ? 'first visit' : 'designer'} ${what}`;
    for (const [what, ms] of [
      ['→ first template', at - started],
      ['→ listening', listening],
    ] as const)
      times.set(key(what), [...(times.get(key(what)) ?? []), ms]);
  }
  await page.close();
  if (visit) await context.close();
  while (!server.output().includes('live reload: ready')) await new Promise((r) => setTimeout(r, 50));
  await server.stop();
}

try {
  // Each side's caches and first view made, and its service worker installed in the designer's profile.
  for (const side of sides) for (let i = 0; i < 2; i++) await start(side, false, false);
  for (let run = 0; run < RUNS; run++) {
    for (const side of run % 2 ? [...sides].reverse() : sides) {
      await start(side, false, true);
      await start(side, true, true);
    }
  }
} finally {
  await browser.close();
  for (const side of sides) side.project.remove();
}

console.log(`cold starts, ${RUNS} of each, alternating (base: ${values.base}), Node ${process.version}\n`);
console.log(
  table([
    ['start', 'median', 'all runs'],
    ...[...times.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, xs]) => [key, `${Math.round(median(xs))} ms`, xs.map((x) => Math.round(x)).join(', ')]),
  ]),
);
