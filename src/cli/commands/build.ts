import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

export const build: Command = {
  summary: 'Compile every template × locale into bundles (dist/)',
  usage: 'authmail build [--out dir] [--sizes]',
  options: { out: { type: 'string', default: 'dist' }, sizes: { type: 'boolean', default: false } },
  async run({ values, stdout, stderr, cwd }) {
    const outDir = resolve(cwd, values.out as string);
    const config = await commandConfig('build', values.config, cwd, stderr, ['brand']);
    const started = performance.now();
    const tty = (stdout as NodeJS.WriteStream).isTTY === true;
    let lastTemplate = '';
    // Loaded here, not at the top: the registry imports every command, and only `build` needs React.
    const { buildBundles, writeBundles } = await import('../../build/build.ts');
    const { buildAssets } = await import('../../build/assets.ts');
    const { projectTranslations } = await import('../../render/translations.ts');
    const { progressLine, summaryTable } = await import('../../build/report.ts');
    try {
      const { loadCatalog } = await import('../../project/catalog.ts');
      const output = await buildBundles({
        catalog: await loadCatalog(cwd),
        brand: config.brand,
        assets: buildAssets(config.assets, cwd),
        translations: projectTranslations(cwd, config.locales),
        // One template that fails never stops the others: it is listed, the rest are written.
        problems: 'collect',
        onEmail(done, total, source) {
          const line = progressLine(done, total, source.template, source.locale);
          if (tty) stdout.write(`\r\x1b[2K${line}`);
          else if (source.template !== lastTemplate) stdout.write(`${line}\n`);
          lastTemplate = source.template;
        },
      });
      if (tty) stdout.write('\r\x1b[2K');
      await writeBundles(output, outDir);
      stdout.write(`${summaryTable(output, values.sizes === true)}\n`);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      stdout.write(`\n${output.sources.length} emails + manifest.json → ${outDir} in ${seconds} s\n`);
      for (const warning of output.warnings) stderr.write(`authmail build: warning: ${warning}\n`);
      if (!output.problems.length) return 0;
      const { problemLine } = await import('../../project/catalog.ts');
      stderr.write(
        `authmail build: ${output.problems.length} template${output.problems.length === 1 ? '' : 's'} not built:\n${output.problems.map((p) => `  ${problemLine(p)}\n`).join('')}`,
      );
      return 1;
    } catch (error) {
      if (tty) stdout.write('\n');
      throw error;
    }
  },
};
