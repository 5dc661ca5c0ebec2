import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuthmailError } from '../../core/errors.ts';
import type { Redactor } from '../../core/redact.ts';
import { TRANSPORT_NAMES } from '../../providers/index.ts';
import { createMailerFromConfig } from '../../send/from-config.ts';
import { bundleFor } from '../bundle.ts';
import type { Command, CommandContext } from '../command.ts';
import { commandConfig } from '../config.ts';

const USAGE =
  'authmail send --template <id> --to <address> [--locale <tag>] [--var key=value …] [--vars <json | @file.json>]\n' +
  `                     [--transport ${TRANSPORT_NAMES.join('|')}] [--hosted]\n` +
  '                     [--config <file>] [--bundle <dir>] [--ip <address>] [--json] [--verbose]';

class UsageError extends Error {}

/** `--var application.name=Acme` → `{ application: { name: 'Acme' } }`. */
export function parseVars(pairs: readonly string[], json?: string, cwd = process.cwd()): Record<string, unknown> {
  let vars: Record<string, unknown> = {};
  if (json !== undefined) {
    const text = json.startsWith('@') ? readFileSync(resolve(cwd, json.slice(1)), 'utf8') : json;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--vars is not valid JSON: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new UsageError('--vars must be a JSON object');
    vars = parsed as Record<string, unknown>;
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var ${JSON.stringify(pair)} must look like name=value`);
    const path = pair.slice(0, eq).split('.');
    if (path.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
      throw new UsageError(
        `--var ${JSON.stringify(pair)}: "${pair.slice(0, eq)}" is not a variable path like code or application.name`,
      );
    }
    let target = vars;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (next === undefined) target[key] = {};
      else if (!next || typeof next !== 'object' || Array.isArray(next)) {
        throw new UsageError(`--var ${JSON.stringify(pair)}: "${key}" is already a value, not an object`);
      }
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1] as string] = pair.slice(eq + 1);
  }
  return vars;
}

function fail(ctx: CommandContext, json: boolean, redact: Redactor | undefined, error: unknown): number {
  const clean = (s: string) => (redact ? redact.string(s) : s);
  if (error instanceof UsageError) {
    if (json) ctx.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'USAGE', message: error.message } })}\n`);
    else ctx.stderr.write(`authmail send: ${error.message}\nUsage: ${USAGE}\n`);
    return 1;
  }
  if (!(error instanceof AuthmailError)) throw error;
  if (json) {
    const body =
      typeof (error as { toJSON?: unknown }).toJSON === 'function'
        ? (error as unknown as { toJSON(): Record<string, unknown> }).toJSON()
        : { name: error.name, code: error.code, message: error.message };
    const safe = redact ? redact.value(body) : body;
    ctx.stdout.write(`${clean(JSON.stringify({ ok: false, error: safe }))}\n`);
  } else {
    ctx.stderr.write(`authmail send: ${clean(error.message)}\n`);
  }
  return 1;
}

export const send: Command = {
  summary: 'Render one email and send it (outbox by default, or smtp, http or a provider API from the config)',
  usage: USAGE,
  options: {
    template: { type: 'string', short: 't' },
    to: { type: 'string' },
    locale: { type: 'string', short: 'l' },
    var: { type: 'string', multiple: true, default: [] },
    vars: { type: 'string' },
    transport: { type: 'string' },
    config: { type: 'string', short: 'c' },
    bundle: { type: 'string' },
    ip: { type: 'string' },
    hosted: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
  async run(ctx) {
    const { values, stdout, stderr, cwd } = ctx;
    const json = values.json === true;
    let redact: Redactor | undefined;
    try {
      if (ctx.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(ctx.positionals[0])}`);
      const template = values.template as string | undefined;
      const to = values.to as string | undefined;
      if (!template) throw new UsageError('--template is required (for example --template sign-in)');
      if (!to) throw new UsageError('--to is required (the recipient address)');
      const variables = parseVars((values.var as string[]) ?? [], values.vars as string | undefined, cwd);
      const config = await commandConfig('send', values.config, cwd, stderr, ['send']);
      const bundle = await bundleFor(values.bundle as string | undefined, cwd, stderr, 'send', config);
      const verbose = values.verbose === true;
      const mailer = createMailerFromConfig(config, {
        bundle,
        transport: values.transport as string | undefined,
        cwd,
        log: (event) => {
          if (verbose || event.level === 'warn') stderr.write(`authmail send: ${event.message}\n`);
        },
      });
      redact = mailer.redact;
      try {
        const result = await mailer.send({
          template,
          to,
          locale: values.locale as string | undefined,
          variables,
          ip: values.ip as string | undefined,
          hosted: values.hosted === true,
        });
        if (json) stdout.write(`${redact.string(JSON.stringify({ ok: true, ...result }))}\n`);
        else {
          const attempts = result.attempts === 1 ? '' : ` after ${result.attempts} attempts`;
          stdout.write(
            `Sent ${template} (${result.locale}) to ${result.accepted.join(', ')} via ${result.transport}${attempts}: ${result.messageId}\n`,
          );
          if (result.response) stdout.write(`  ${redact.string(result.response)}\n`);
        }
        return 0;
      } finally {
        await mailer.close();
      }
    } catch (error) {
      return fail(ctx, json, redact, error);
    }
  },
};
