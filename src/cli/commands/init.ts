import { existsSync, mkdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { Command } from '../command.ts';

export const init: Command = {
  summary: 'Start a project: the nine Logto templates, their locales, assets, config, scripts and a CI workflow',
  usage: 'authmail init [dir] [--force]\n  --force   overwrite files that exist (default: refuse and write nothing)',
  options: { force: { type: 'boolean', default: false } },
  async run({ positionals, values, stdout, cwd }) {
    if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
    const root = resolve(cwd, positionals[0] ?? '.');
    if (!existsSync(root)) mkdirSync(root, { recursive: true });
    const { initProject, npmRun } = await import('../../project/scaffold.ts');
    const report = initProject(root, { force: values.force === true });
    const where = relative(cwd, root) || '.';
    stdout.write(`Created ${report.created.length} files in ${where}\n`);
    for (const note of report.notes) stdout.write(`  ${note}\n`);
    const { scripts } = report;
    stdout.write(
      `\nNext:\n${where === '.' ? '' : `  cd ${where}\n`}` +
        `  ${'npm install'.padEnd(35)}# authmail and the templates' types\n` +
        `  ${npmRun(scripts.dev).padEnd(35)}# preview every template and language\n` +
        `  ${npmRun(scripts.test).padEnd(35)}# the checks and the visual tests; the first run records the\n` +
        `  ${''.padEnd(35)}# visual baselines (tests/visual/baselines/): review and commit them\n`,
    );
    return 0;
  },
};
