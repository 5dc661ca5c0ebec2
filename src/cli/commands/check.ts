import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

const listOf = (v: unknown) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(',')).filter(Boolean);

export const check: Command = {
  summary: 'Check every compiled email: client support, size, structure, code, links, spam, locales, accessibility',
  usage:
    'authmail check [--template id]… [--locale tag]… [--json] [--strict] [--all] [--no-browser]\n' +
    '  --template, --locale  only these (repeat or comma-separate)\n' +
    '  --json                machine-readable report on stdout\n' +
    '  --strict              warnings fail too (exit 1)\n' +
    '  --all                 also list findings accepted by documented exceptions (text and JSON)\n' +
    '  --no-browser          skip the Chromium checks (accessibility, line breaks)\n' +
    '  --no-exceptions       ignore the documented exceptions (audit what they accept)',
  options: {
    template: { type: 'string', multiple: true },
    locale: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'no-exceptions': { type: 'boolean', default: false },
  },
  async run({ values, stdout, stderr, cwd }) {
    const config = await commandConfig('check', values.config, cwd, stderr, ['brand']);
    const tty = (stderr as NodeJS.WriteStream).isTTY === true && !values.json;
    // Loaded here, not at the top: the rules pull in the renderer and Chromium, which other commands must not pay for.
    const [{ runChecks }, { formatJson, formatText }] = await Promise.all([
      import('../../check/runner.ts'),
      import('../../check/report.ts'),
    ]);
    const report = await runChecks({
      templates: listOf(values.template),
      locales: listOf(values.locale),
      browser: values['no-browser'] !== true,
      config,
      cwd,
      ...(values['no-exceptions'] === true ? { exceptions: [] } : {}),
      onProgress(stage, done, total) {
        if (tty) stderr.write(`\r\x1b[2K${stage} ${done}/${total}`);
      },
    });
    if (tty) stderr.write('\r\x1b[2K');
    const all = values.all === true;
    const strict = values.strict === true;
    stdout.write(values.json ? formatJson(report, { all }) : formatText(report, { all }));
    // An email fails on an open error, or under --strict on an open warning too; a finding of a shared
    // locale namespace (`common`) is not one email's and counts as a failure of its own.
    const failing = new Set(
      report.findings
        .filter((f) => !f.exception && (f.severity === 'error' || (strict && f.severity === 'warning')))
        .map((f) => `${f.template}/${f.locale}`),
    );
    const emails = new Set(report.templates.flatMap((t) => report.locales.map((l) => `${t}/${l}`)));
    const emailFailures = [...failing].filter((k) => emails.has(k)).length;
    if (!values.json) stdout.write(`check: ${report.emails - emailFailures} passed, ${failing.size} failed\n`);
    return report.errors > 0 || (strict && report.warnings > 0) ? 1 : 0;
  },
};
