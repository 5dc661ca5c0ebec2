/**
 * `authmail locales sync`: every locale gets every key of the default locale
 * (marked untranslated), and the keys no template reads are named.
 * `authmail locales lint`: each locale compared with the default one.
 */
import { UsageError } from '../../core/errors.ts';
import { localesDir, readLocaleFiles } from '../../locale/files.ts';
import { type LintProblem, lintLocales, syncLocales } from '../../project/locale-files.ts';
import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

const USAGE =
  'authmail locales sync [--prune] [--dry-run] [--json]   every key of the default locale in every locale, marked untranslated\n' +
  '       authmail locales lint [tag …] [--strict] [--json]   each locale against the default one: keys, {values}, untranslated';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const locales: Command = {
  summary: 'Keep locale files in step: sync keys from the default locale, lint translations',
  usage: USAGE,
  options: {
    prune: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  async run({ positionals, values, stdout, stderr, cwd }) {
    const [action, ...tags] = positionals;
    if (action !== 'sync' && action !== 'lint') {
      throw new UsageError(`expected "sync" or "lint" after locales, got ${JSON.stringify(action ?? '')}`);
    }
    const config = await commandConfig('locales', values.config, cwd, stderr, []);
    const defaultLocale = config.locales.default;
    const resources = readLocaleFiles(localesDir(cwd));
    if (action === 'lint') return lint(lintLocales(resources, defaultLocale, tags), values, stdout);
    if (tags.length) throw new UsageError(`locales sync takes no locale (it syncs them all), got ${tags[0]}`);
    const dryRun = values['dry-run'] === true;
    const result = syncLocales(cwd, resources, defaultLocale, { prune: values.prune === true, write: !dryRun });
    // Keys no template reads: the templates rendered once in the default locale, every branch included.
    const unused = await unusedKeys(cwd, config, resources[defaultLocale] ?? {});
    if (values.json) {
      stdout.write(`${JSON.stringify({ ok: true, dryRun, ...result, unused }, null, 2)}\n`);
      return 0;
    }
    const keys = result.added.reduce((n, a) => n + a.keys.length, 0);
    stdout.write(
      `${dryRun ? 'Would add' : 'Added'} ${plural(keys, 'key')} in ${plural(result.added.length, 'file')}` +
        `${result.created.length ? `, ${dryRun ? 'would create' : 'created'} ${plural(result.created.length, 'file')}` : ''}, marked untranslated.\n`,
    );
    for (const a of result.added) stdout.write(`  ${a.file}: ${a.keys.join(', ')}\n`);
    for (const file of result.created) stdout.write(`  ${file} (new)\n`);
    for (const e of result.extra) {
      stdout.write(
        `  ${e.file}: ${e.keys.join(', ')} not in ${defaultLocale}${values.prune ? (dryRun ? ' (would remove)' : ' (removed)') : ' (--prune removes them)'}\n`,
      );
    }
    for (const file of result.orphans) {
      stdout.write(
        `  ${file}: no counterpart in ${defaultLocale}${values.prune ? (dryRun ? ' (would remove)' : ' (removed)') : ' (--prune removes it)'}\n`,
      );
    }
    if (unused.length) {
      stdout.write(`No template reads ${plural(unused.length, 'key')} of ${defaultLocale}: ${unused.join(', ')}\n`);
    }
    if (keys || result.created.length)
      stdout.write('Next: translate them; `authmail check` lists what is still marked.\n');
    return 0;
  },
};

function lint(problems: LintProblem[], values: Record<string, unknown>, stdout: NodeJS.WritableStream): number {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (values.json) stdout.write(`${JSON.stringify({ ok: errors === 0, errors, warnings, problems }, null, 2)}\n`);
  else {
    for (const p of problems) stdout.write(`${p.severity}  ${p.file}${p.key ? ` "${p.key}"` : ''}: ${p.message}\n`);
    stdout.write(`locales: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  }
  return errors || (values.strict && warnings) ? 1 : 0;
}

async function unusedKeys(
  root: string,
  config: Awaited<ReturnType<typeof commandConfig>>,
  reference: Record<string, Record<string, unknown>>,
): Promise<string[]> {
  const [{ sampleEmails }, { loadCatalog }, { projectTranslations }, { buildAssets }] = await Promise.all([
    import('../../check/runner.ts'),
    import('../../project/catalog.ts'),
    import('../../render/translations.ts'),
    import('../../build/assets.ts'),
  ]);
  const catalog = await loadCatalog(root);
  const tr = projectTranslations(root, config.locales);
  const { usedKeys } = await sampleEmails({
    catalog,
    translations: tr,
    brand: config.brand,
    assets: buildAssets(config.assets, root),
    locales: [tr.defaultLocale],
  });
  return Object.entries(reference).flatMap(([ns, messages]) =>
    Object.keys(messages)
      .filter((key) => !usedKeys.has(`${ns}:${key}`))
      .map((key) => `${ns}:${key}`),
  );
}
