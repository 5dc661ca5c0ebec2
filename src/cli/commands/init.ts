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
    const { initProject } = await import('../../project/scaffold.ts');
    const written = initProject(root, { force: values.force === true });
    const where = relative(cwd, root) || '.';
    stdout.write(`Created ${written.created.length} files in ${where}\n`);
    for (const note of written.notes) stdout.write(`  note: ${note}\n`);
    stdout.write(
      `\nNext:\n${where === '.' ? '' : `  cd ${where}\n`}  npm install            # authmail and what it needs\n  npm run dev            # preview every template and language\n  npx authmail test:visual --update   # the visual baselines, then review and commit them\n`,
    );
    return 0;
  },
};
