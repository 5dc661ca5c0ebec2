/**
 * A Logto SMTP connector config as the Logto console holds it — the
 * connector's own form defaults (its nine `templates` included), and the same
 * config after the connector's own guard filled its defaults — works verbatim
 * as `send.transports.smtp` for `authmail send`: delivered to a loopback SMTP
 * server, with one line saying that the Logto templates are not used.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { testBrand } from '../fixtures/brand.ts';
import { cli } from '../fixtures/cli.ts';
import { logtoPeer } from '../fixtures/logto-peers.ts';
import { testBundle } from '../fixtures/send.ts';
import { type SmtpSink, startSmtp } from '../fixtures/smtp.ts';

interface FormItem {
  key: string;
  defaultValue?: unknown;
}
interface SmtpConnector {
  metadata: { formItems: FormItem[] };
  configGuard: { parse(config: unknown): Record<string, unknown> };
}

let root: string;
let bundleDir: string;
let sink: SmtpSink;
/** A relay that lets this host send without logging in (Logto: `auth: {}`). */
let relay: SmtpSink;
let connector: SmtpConnector;
/** What the console stores when an admin fills host, port and From and keeps every default. */
let consoleConfig: Record<string, unknown>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'authmail-logto-smtp-'));
  bundleDir = join(root, 'bundle');
  await (await testBundle()).write(bundleDir);
  sink = await startSmtp({ users: { mailer: 'mailer-password-1' }, disabledCommands: ['STARTTLS'] });
  relay = await startSmtp({ disabledCommands: ['STARTTLS'] });
  const create = (await logtoPeer<{ default: (h: unknown) => Promise<SmtpConnector> }>('@logto/connector-smtp'))
    .default;
  connector = await create({ getConfig: async () => ({}) });
  const defaults = Object.fromEntries(
    connector.metadata.formItems.filter((f) => f.defaultValue !== undefined).map((f) => [f.key, f.defaultValue]),
  );
  consoleConfig = {
    ...defaults,
    host: '127.0.0.1',
    port: sink.port,
    auth: { type: 'login', user: 'mailer', pass: 'mailer-password-1' },
    fromEmail: 'Logto Console <console@testbrand.example>',
  };
});
afterAll(async () => {
  await sink?.close();
  await relay?.close();
  await rm(root, { recursive: true, force: true });
});

async function project(smtp: unknown) {
  const cwd = await mkdtemp(join(root, 'p-'));
  await mkdir(cwd, { recursive: true });
  const config = { brand: testBrand, send: { transport: 'smtp', transports: { smtp } } };
  await writeFile(join(cwd, 'authmail.config.json'), JSON.stringify(config, null, 2));
  return cwd;
}

const send = (cwd: string) =>
  cli(
    [
      'send',
      '--template',
      'sign-in',
      '--to',
      'ada@example.com',
      '--var',
      'code=482915',
      '--json',
      '--bundle',
      bundleDir,
    ],
    cwd,
  );

describe('a Logto console SMTP config, verbatim', () => {
  it('has the nine Logto templates the console shows (the fixture is what Logto stores)', () => {
    expect((consoleConfig.templates as unknown[]).length).toBe(9);
    expect(() => connector.configGuard.parse(consoleConfig)).not.toThrow();
  });

  it.each([
    ['as the console stores it', () => [sink, consoleConfig] as const],
    ['after Logto’s own guard filled its defaults', () => [sink, connector.configGuard.parse(consoleConfig)] as const],
    [
      'with ignoreTLS, an empty auth on an IP-authorized relay, logger and debug',
      () =>
        [relay, { ...consoleConfig, port: relay.port, ignoreTLS: true, auth: {}, logger: true, debug: false }] as const,
    ],
  ])('delivers %s, and says the templates are not used', async (_, setup) => {
    const [server, smtp] = setup();
    expect(() => connector.configGuard.parse(smtp)).not.toThrow();
    const before = server.messages.length;
    const cwd = await project(smtp);
    const r = await send(cwd);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, transport: 'smtp' });
    expect(server.messages.length).toBe(before + 1);
    expect(server.messages.at(-1)?.parsed.text).toContain('482915');
    const notes = r.stderr.split('\n').filter((l) => l.includes('templates'));
    expect(notes).toEqual([
      'authmail send: warning: send.transports.smtp.templates (9 Logto connector templates) are accepted as Logto checks them and not used: authmail renders its own templates from emails/',
    ]);
  });

  it('refuses templates Logto itself would refuse, naming the key', () => {
    const withTemplates = (templates: unknown) =>
      parseConfig({ brand: testBrand, send: { transports: { smtp: { ...consoleConfig, templates } } } }, 'test');
    const issues = (templates: unknown) => {
      try {
        withTemplates(templates);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues;
      }
      throw new Error('accepted');
    };
    const all = consoleConfig.templates as { usageType: string }[];
    expect(issues(all.filter((t) => t.usageType !== 'Generic'))).toEqual([
      { path: 'send.transports.smtp.templates', message: 'Logto requires templates for Generic' },
    ]);
    expect(issues([{ ...all[0], contentType: 'text/markdown' }, ...all.slice(1)])).toEqual([
      {
        path: expect.stringMatching(/^send\.transports\.smtp\.templates(\.|\[)0\]?\.contentType$/),
        message: 'must be "text/plain" or "text/html"',
      },
    ]);
  });
});
