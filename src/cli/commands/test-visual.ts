import { relative, resolve } from 'node:path';
import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

/** Whether this runs in CI (the variable CI services set, as Jest and Playwright read it). */
const isCi = (env: NodeJS.ProcessEnv) => env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';

const listOf = (v: unknown) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(',')).filter(Boolean);

export const testVisual: Command = {
  summary: 'Screenshot every email (640/375 px, light/dark) and compare with the committed baselines',
  usage:
    'authmail test:visual [--update] [--ci] [--template id]… [--locale tag|all]… [--baselines dir] [--out dir]\n' +
    '  --update      rewrite baselines that are missing or differ (review and commit them)\n' +
    '  --ci          a missing baseline fails (default when $CI is set); otherwise it is recorded, to review and commit\n' +
    '  --locale      the locales to shoot (all: every one; default: config visual.locales, else the default, an RTL and a CJK locale)\n' +
    '  --baselines   baseline directory (default: config visual.baselines, tests/visual/baselines)\n' +
    '  --out         report, failures and contact sheets (default: config visual.out, test-results/visual)',
  options: {
    update: { type: 'boolean', default: false },
    ci: { type: 'boolean', default: false },
    template: { type: 'string', multiple: true },
    locale: { type: 'string', multiple: true },
    baselines: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, stdout, stderr, cwd }) {
    const config = await commandConfig('test:visual', values.config, cwd, stderr, ['brand']);
    const tty = (stderr as NodeJS.WriteStream).isTTY === true;
    let lastTemplate = '';
    // Loaded here: Playwright and the renderer are for this command only.
    const { runVisual } = await import('../../visual/run.ts');
    const result = await runVisual({
      templates: listOf(values.template),
      locales: listOf(values.locale),
      update: values.update === true,
      // As Jest and Playwright do: locally the first run records, in CI only reviewed baselines count.
      missing: values.ci === true || isCi(process.env) ? 'fail' : 'record',
      baselineDir: values.baselines as string | undefined,
      outDir: values.out as string | undefined,
      config,
      cwd,
      onShot(done, total, id, ok) {
        if (!ok) stdout.write(`${tty ? '\r\x1b[2K' : ''}✖ ${id}\n`);
        const locale = id.split('/')[0] ?? '';
        if (tty) stderr.write(`\r\x1b[2K${done}/${total} ${id}`);
        else if (locale !== lastTemplate) stderr.write(`${done}/${total} ${locale}\n`);
        lastTemplate = locale;
      },
    });
    if (tty) stderr.write('\r\x1b[2K');
    const rel = (p: string) => relative(cwd, p);
    for (const f of result.failures) stdout.write(`✖ ${f.id}: ${f.reason}\n`);
    if (values.update) stdout.write(`updated ${result.updated} baselines, removed ${result.removed}\n`);
    if (result.recorded) {
      stdout.write(
        `recorded ${result.recorded} new baselines in ${rel(resolve(cwd, (values.baselines as string | undefined) ?? config.visual.baselines))}/: review them (the contact sheets below) and commit them\n`,
      );
    }
    stdout.write(
      `report: ${rel(result.report)}\ncontact sheets: ${rel(result.contactSheets[0] ?? '')}${result.contactSheets.length > 1 ? ` (+${result.contactSheets.length - 1})` : ''}\n`,
    );
    stdout.write(`${result.shots} screenshots in ${result.seconds.toFixed(1)} s\n`);
    stdout.write(`visual: ${result.passed} passed, ${result.failures.length} failed\n`);
    return result.failures.length ? 1 : 0;
  },
};
