import { resolve } from 'node:path';
import { configSecrets } from '../../config/index.ts';
import { AuthmailError, UsageError } from '../../core/errors.ts';
import { createRedactor, type Redactor } from '../../core/redact.ts';
import { createPusher } from '../../export/pushers.ts';
import { exportAll, type PushSummary, pushAll, unexportable, writeDryRun } from '../../export/run.ts';
import { EXPORT_TARGETS, type ExportTarget } from '../../export/templates.ts';
import { LOGTO_CONNECTORS, type LogtoConnector } from '../../providers/logto/push.ts';
import { bundleFor } from '../bundle.ts';
import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

const USAGE =
  `authmail export <${EXPORT_TARGETS.join('|')}> [--push] [--template id,…] [--locale tag,…]\n` +
  '                       [--out <dir>] [--connector smtp|sendgrid|aws-ses|aliyun-dm|smtp2go] [--config <file>] [--bundle <dir>] [--json]';

/** Per-server / per-domain template limits of the providers. */
const TEMPLATE_LIMITS: Partial<Record<string, { what: string; count: number }>> = {
  postmark: { what: 'A Postmark server', count: 100 },
  mailgun: { what: 'A Mailgun domain', count: 100 },
  sendgrid: { what: 'A SendGrid account', count: 300 },
};

const list = (values: unknown) =>
  ((values as string[] | undefined) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

function summaryLine(s: PushSummary): string {
  const parts = [
    `${s.created.length} created`,
    `${s.updated.length} updated`,
    `${s.unchanged.length} unchanged`,
    `${s.failed.length} failed`,
  ];
  if (s.notAttempted.length) parts.push(`${s.notAttempted.length} not attempted`);
  return `${s.target}: ${parts.join(', ')}`;
}

export const exportCommand: Command = {
  summary: 'Export the templates to a provider (dry run: the API requests under export/; --push performs them)',
  usage: USAGE,
  options: {
    push: { type: 'boolean', default: false },
    template: { type: 'string', multiple: true },
    locale: { type: 'string', multiple: true },
    out: { type: 'string' },
    connector: { type: 'string' },
    config: { type: 'string', short: 'c' },
    bundle: { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
  async run({ positionals, values, stdout, stderr, cwd }) {
    const json = values.json === true;
    let redact: Redactor = createRedactor();
    try {
      const [target, extra] = positionals;
      if (!target) throw new UsageError(`a target is required: one of ${EXPORT_TARGETS.join(', ')}`);
      if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
      if (!(EXPORT_TARGETS as readonly string[]).includes(target)) {
        throw new UsageError(`unknown target "${target}" (known: ${EXPORT_TARGETS.join(', ')})`);
      }
      const connector = values.connector as string | undefined;
      if (connector !== undefined && !(LOGTO_CONNECTORS as readonly string[]).includes(connector)) {
        throw new UsageError(`--connector must be one of ${LOGTO_CONNECTORS.join(', ')}`);
      }
      const push = values.push === true;
      if (push && target === 'files')
        throw new UsageError('the files target is written locally; there is nothing to --push');
      const config = await commandConfig('export', values.config, cwd, stderr, ['send']);
      redact = configSecrets(config);
      const bundle = await bundleFor(values.bundle as string | undefined, cwd, stderr, 'export', config);
      const templates = exportAll(bundle, target as ExportTarget, {
        templates: list(values.template),
        locales: list(values.locale),
        trustLogtoValues: config.export.trustLogtoValues,
        codeLifetime: config.export.codeLifetime,
      });
      const skipped = (values.template === undefined ? unexportable(bundle, target as ExportTarget) : []).map(
        (u) => u.reason,
      );
      const limit = TEMPLATE_LIMITS[target];
      const overLimit =
        limit && templates.length > limit.count
          ? `${limit.what} allows ${limit.count} templates; this export has ${templates.length}: push a subset with --template and --locale.`
          : undefined;
      const pusher =
        target === 'files' ? undefined : createPusher(target as Exclude<ExportTarget, 'files'>, config, push, redact);

      if (!push) {
        const dir = resolve(cwd, (values.out as string | undefined) ?? config.export.dir);
        const files = await writeDryRun(dir, target as ExportTarget, templates, pusher, {
          connector: connector as LogtoConnector | undefined,
          redact,
        });
        const notes = [...new Set(templates.flatMap((t) => t.notes)), ...skipped, ...(overLimit ? [overLimit] : [])];
        if (json) {
          stdout.write(
            `${redact.string(JSON.stringify({ ok: true, target, dryRun: true, dir: resolve(dir, target), templates: templates.length, files: files.length, notes }))}\n`,
          );
        } else {
          stdout.write(
            `${target}: ${templates.length} template${templates.length === 1 ? '' : 's'} → ${files.length} files in ${resolve(dir, target)}\n`,
          );
          for (const note of notes) stdout.write(`  note: ${note}\n`);
          if (pusher)
            stdout.write(`Dry run: nothing was sent. \`authmail export ${target} --push\` performs these requests.\n`);
        }
        return 0;
      }

      const verbose = values.verbose === true;
      if (overLimit) stderr.write(`authmail export: warning: ${overLimit}\n`);
      for (const note of skipped) stderr.write(`authmail export: note: ${note}\n`);
      const summary = await pushAll(pusher as NonNullable<typeof pusher>, templates, {
        log: (event) => {
          if (verbose || event.level === 'warn') stderr.write(`authmail export: ${redact.string(event.message)}\n`);
        },
        onResult: (name, outcome, detail) => {
          if (json || (outcome === 'unchanged' && !verbose)) return;
          stdout.write(redact.string(`  ${outcome.padEnd(9)} ${name}${detail ? ` (${detail})` : ''}\n`));
        },
      });
      const ok = summary.failed.length === 0;
      if (json) stdout.write(`${redact.string(JSON.stringify({ ok, dryRun: false, ...summary }))}\n`);
      else {
        stdout.write(`${summaryLine(summary)}\n`);
        if (summary.notAttempted.length) {
          stdout.write(
            `  stopped after an authentication failure; not attempted: ${summary.notAttempted.join(', ')}\n`,
          );
        }
      }
      return ok ? 0 : 1;
    } catch (error) {
      if (!(error instanceof AuthmailError)) throw error;
      if (json) {
        const body = { name: error.name, code: error.code, message: error.message };
        stdout.write(`${redact.string(JSON.stringify({ ok: false, error: body }))}\n`);
      } else {
        stderr.write(`authmail export: ${redact.string(error.message)}\n`);
        if (error instanceof UsageError) stderr.write(`Usage: ${USAGE}\n`);
      }
      return 1;
    }
  },
};
