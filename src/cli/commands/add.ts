import { loadConfig } from '../../config/load.ts';
import { UsageError } from '../../core/errors.ts';
import type { Command } from '../command.ts';

export const add: Command = {
  summary: 'Add a template or a locale to the project, its texts marked untranslated',
  usage:
    'authmail add template <id> [--force]   emails/<id>.tsx and locales/*/<id>.json\n' +
    '       authmail add locale <tag> [--force]   locales/<tag>/, copied from the default locale',
  options: { force: { type: 'boolean', default: false } },
  async run({ positionals, values, stdout, cwd }) {
    const [kind, name, extra] = positionals;
    if (kind !== 'template' && kind !== 'locale') {
      throw new UsageError(`expected "template" or "locale" after add, got ${JSON.stringify(kind ?? '')}`);
    }
    if (!name)
      throw new UsageError(
        `authmail add ${kind} needs a name: authmail add ${kind} <${kind === 'template' ? 'id' : 'tag'}>`,
      );
    if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
    const { config } = await loadConfig(values.config as string | undefined, cwd);
    const { addLocale, addTemplate } = await import('../../project/scaffold.ts');
    const add = kind === 'template' ? addTemplate : addLocale;
    const written = add(cwd, name, config.locales.default, { force: values.force === true });
    stdout.write(`Created:\n${written.created.map((f) => `  ${f}\n`).join('')}Next:\n`);
    for (const note of written.notes) stdout.write(`  ${note}\n`);
    return 0;
  },
};
