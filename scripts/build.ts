/**
 * `npm run build [-- --out dir] [--sizes]`: compiles every template × locale
 * into `dist/` (bundles with slots + manifest.json) and prints a summary.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundles, writeBundles } from '../src/build/build.ts';
import { progressLine, summaryTable } from '../src/build/report.ts';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'dist' }, sizes: { type: 'boolean', default: false } },
});
const outDir = resolve(values.out as string);
const started = performance.now();
const tty = process.stdout.isTTY;
let lastTemplate = '';

try {
  const output = await buildBundles({
    onEmail(done, total, source) {
      if (tty) process.stdout.write(`\r\x1b[2K${progressLine(done, total, source.template, source.locale)}`);
      else if (source.template !== lastTemplate) console.log(progressLine(done, total, source.template, source.locale));
      lastTemplate = source.template;
    },
  });
  if (tty) process.stdout.write('\r\x1b[2K');
  await writeBundles(output, outDir);
  console.log(summaryTable(output, values.sizes));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`\n${output.sources.length} emails + manifest.json → ${outDir} in ${seconds} s`);
} catch (error) {
  if (tty) process.stdout.write('\n');
  console.error(`build failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
