/**
 * `authmail export <target>`: the dry run writes the exact requests (auth
 * redacted); `--push` upserts against stateful loopback stand-ins of each
 * provider's template API — created, then unchanged on a second run with no
 * new template and no write, updated (a new active version) when the content
 * changes — and reports failures per template.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import projectConfig from '../../authmail.config.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createPusher } from '../../src/export/pushers.ts';
import { exportAll, pushAll } from '../../src/export/run.ts';
import { exportTemplate } from '../../src/export/templates.ts';
import { contentHash, PUSH_DELIVERY, type PushTemplate, retryingCall } from '../../src/providers/push.ts';
import { cli } from '../fixtures/cli.ts';
import {
  type Fake,
  fakeLogto,
  fakeMailgun,
  fakePostmark,
  fakeResend,
  fakeSendgrid,
  fakeSes,
} from '../fixtures/fake-providers.ts';
import { closeProviderServers, json } from '../fixtures/provider-server.ts';
import { testBundle } from '../fixtures/send.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SECRETS = {
  SENDGRID_KEY: 'SG.push-test.abcdefghijklmnop',
  POSTMARK_TOKEN: 'pm-push-token-0000-1111-2222',
  MAILGUN_KEY: 'key-push0123456789abcdef',
  AWS_SECRET: 'awsSecretPushTest/0123456789abcdefEXAMPLE',
  RESEND_KEY: 're_push_0123456789abcdef',
  LOGTO_SECRET: 'logto-app-secret-0123456789',
};
const AWS = { accessKeyId: 'AKIDPUSHTEST', secretAccessKey: SECRETS.AWS_SECRET };
const LOGTO_APP = { id: 'm2m-app-1', secret: SECRETS.LOGTO_SECRET };

let root: string;
let bundleDir: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'authmail-export-'));
  bundleDir = join(root, 'bundle');
  await (await testBundle()).write(bundleDir);
  await mkdir(join(root, 'secrets'));
  for (const [name, value] of Object.entries(SECRETS)) await writeFile(join(root, 'secrets', name), `${value}\n`);
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(closeProviderServers);

/** A project folder whose config points every provider at `urls` (secrets from files). */
async function project(urls: Partial<Record<string, string>>) {
  const dir = join(root, `p${++n}`);
  await mkdir(dir);
  const send = {
    transports: {
      ...(urls.sendgrid ? { sendgrid: { apiKey: '$[secret:SENDGRID_KEY]', baseUrl: urls.sendgrid } } : {}),
      ...(urls.postmark ? { postmark: { serverToken: '$[secret:POSTMARK_TOKEN]', baseUrl: urls.postmark } } : {}),
      ...(urls.mailgun
        ? {
            mailgun: {
              apiKey: '$[secret:MAILGUN_KEY]',
              domain: 'mg.acme.example',
              region: 'eu',
              baseUrl: urls.mailgun,
            },
          }
        : {}),
      ...(urls.ses
        ? {
            ses: {
              region: 'eu-central-1',
              accessKeyId: AWS.accessKeyId,
              secretAccessKey: '$[secret:AWS_SECRET]',
              endpoint: urls.ses,
            },
          }
        : {}),
      ...(urls.resend ? { resend: { apiKey: '$[secret:RESEND_KEY]', baseUrl: urls.resend } } : {}),
    },
  };
  const exp = urls.logto
    ? { logto: { endpoint: urls.logto, appId: LOGTO_APP.id, appSecret: '$[secret:LOGTO_SECRET]' } }
    : {};
  const config = { brand: projectConfig.brand, secretsDir: join(root, 'secrets'), send, export: exp };
  await writeFile(join(dir, 'authmail.config.json'), JSON.stringify(config));
  return { dir, config: parseConfig(config, 'test', { cwd: dir }) };
}

const SELECT = ['--template', 'sign-in', '--locale', 'en,de'];
const NAMES = ['authmail-sign-in-en', 'authmail-sign-in-de'];

async function pushJson(target: string, dir: string, extra: string[] = []) {
  const r = await cli(['export', target, '--push', '--bundle', bundleDir, ...SELECT, '--json', ...extra], dir);
  for (const secret of Object.values(SECRETS)) {
    expect(r.stdout).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
  }
  return { ...r, out: JSON.parse(r.stdout) as Record<string, unknown> };
}

type Target = 'sendgrid' | 'postmark' | 'mailgun' | 'ses' | 'resend' | 'logto';
const fakes: Record<Target, () => Promise<Fake>> = {
  sendgrid: () => fakeSendgrid(SECRETS.SENDGRID_KEY),
  postmark: () => fakePostmark(SECRETS.POSTMARK_TOKEN),
  mailgun: () => fakeMailgun(SECRETS.MAILGUN_KEY, 'mg.acme.example'),
  ses: () => fakeSes(AWS),
  resend: () => fakeResend(SECRETS.RESEND_KEY),
  logto: () => fakeLogto(LOGTO_APP),
};

describe.each(Object.keys(fakes) as Target[])('export %s --push', (target) => {
  it('creates each template once; a second push creates nothing and writes nothing', async () => {
    const api = await fakes[target]();
    const { dir } = await project({ [target]: api.url });
    const first = await pushJson(target, dir);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.out).toMatchObject({ ok: true, target, created: NAMES, updated: [], unchanged: [], failed: [] });
    const stored = api.names().sort();
    expect(stored).toHaveLength(2);
    const writes = api.writes().length;

    const second = await pushJson(target, dir);
    expect(second.code).toBe(0);
    expect(second.out).toMatchObject({ ok: true, created: [], updated: [], unchanged: NAMES, failed: [] });
    expect(api.names().sort()).toEqual(stored);
    expect(api.writes()).toHaveLength(writes);

    // The human summary
    const third = await cli(['export', target, '--push', '--bundle', bundleDir, ...SELECT], dir);
    expect(third.stdout).toContain(`${target}: 0 created, 0 updated, 2 unchanged, 0 failed`);
  });

  it('a changed template gets a new active version (or its content replaced), once', async () => {
    const api = await fakes[target]();
    const { dir, config } = await project({ [target]: api.url });
    expect((await pushJson(target, dir)).out).toMatchObject({ created: NAMES });
    const { bundle } = await testBundle();
    const changed = exportAll(bundle, target, { templates: ['sign-in'], locales: ['de'] }).map((t): PushTemplate => {
      const next = { ...t, subject: `${t.subject} (v2)` };
      return { ...next, hash: contentHash(next) };
    });
    const pusher = () => createPusher(target, config, true);
    const call = retryingCall(target, { ...PUSH_DELIVERY, backoff: { initial: 10, max: 20, factor: 2 } });
    expect(await pushAll(pusher(), changed, { call })).toMatchObject({ updated: ['authmail-sign-in-de'], failed: [] });
    expect(await pushAll(pusher(), changed, { call })).toMatchObject({ unchanged: ['authmail-sign-in-de'] });
    expect(api.names()).toHaveLength(2);
  });
});

describe('what the providers store', () => {
  it('sendgrid: dynamic templates, one active version named by the content hash, pages followed', async () => {
    const api = await fakeSendgrid(SECRETS.SENDGRID_KEY, 1);
    const { dir } = await project({ sendgrid: api.url });
    await pushJson('sendgrid', dir);
    const { bundle } = await testBundle();
    const de = [...api.templates.values()].find((t) => t.name === 'authmail-sign-in-de');
    const exported = exportTemplate(bundle, 'sign-in', 'de', 'sendgrid');
    expect(de?.versions).toHaveLength(1);
    expect(de?.versions[0]).toMatchObject({
      active: 1,
      name: `authmail ${contentHash(exported).slice(0, 12)}`,
      subject: exported.subject,
      html_content: exported.html,
      plain_content: exported.text,
      generate_plain_content: false,
      editor: 'code',
    });
    // page size 1: the listing followed _metadata.next
    await pushJson('sendgrid', dir);
    const lists = api.server.requests.filter((r) => r.method === 'GET');
    expect(lists.some((r) => r.query.get('page_token') === '1')).toBe(true);
  });

  it('mailgun: the HTML body with the subject in headers, the hash as the active tag', async () => {
    const api = await fakeMailgun(SECRETS.MAILGUN_KEY, 'mg.acme.example');
    const { dir } = await project({ mailgun: api.url });
    await pushJson('mailgun', dir);
    const { bundle } = await testBundle();
    const exported = exportTemplate(bundle, 'sign-in', 'de', 'mailgun');
    const t = api.templates.get('authmail-sign-in-de');
    expect(t?.versions).toEqual([
      expect.objectContaining({
        template: exported.html.replace(/\r?\n/g, '\r\n'),
        tag: contentHash(exported).slice(0, 12),
        headers: JSON.stringify({ Subject: exported.subject }),
        active: true,
      }),
    ]);
  });

  it('resend: declared variables, published', async () => {
    const api = await fakeResend(SECRETS.RESEND_KEY);
    const { dir } = await project({ resend: api.url });
    await pushJson('resend', dir);
    const t = [...api.templates.values()].find((x) => x.alias === 'authmail-sign-in-de');
    expect(t?.status).toBe('published');
    const { bundle } = await testBundle();
    expect(t?.variables.map((v) => v.key)).toEqual(exportTemplate(bundle, 'sign-in', 'de', 'resend').variables);
  });

  it('logto: one i18n template per language tag and type, through a client-credentials token', async () => {
    const api = await fakeLogto(LOGTO_APP);
    const { dir } = await project({ logto: api.url });
    const r = await pushJson('logto', dir);
    // The access token obtained at run time is a secret too, in every output.
    expect(r.stdout + r.stderr).not.toContain(api.token);
    expect([...api.rows.keys()].sort()).toEqual(['de/SignIn', 'en/SignIn']);
    expect(api.rows.get('de/SignIn')?.details).toMatchObject({ contentType: 'text/html' });
    expect(api.tokens[0]?.field('resource')).toBe('https://default.logto.app/api');
    expect(api.tokens).toHaveLength(1); // the token is reused
  });

  it('logto: never shows the access token it obtained, even when the API echoes it back', async () => {
    const api = await fakeLogto(LOGTO_APP);
    const { dir } = await project({ logto: api.url });
    api.fail = (req) =>
      req.method === 'PUT' ? json(400, { message: `upstream refused ${req.headers.authorization}` }) : undefined;
    for (const args of [['--json'], ['--verbose']]) {
      const r = await cli(['export', 'logto', '--push', '--bundle', bundleDir, ...SELECT, ...args], dir);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain('upstream refused Bearer [redacted]');
      expect(r.stdout + r.stderr).not.toContain(api.token);
    }
  });
});

describe('push failures', () => {
  it('reports a failed template, goes on with the next, and a later push completes a half-done create', async () => {
    const api = await fakeSendgrid(SECRETS.SENDGRID_KEY);
    const { dir } = await project({ sendgrid: api.url });
    let broken = true;
    api.fail = (req) => {
      const t = [...api.templates.values()].find((x) => req.path === `/v3/templates/${x.id}/versions`);
      return broken && t?.name === 'authmail-sign-in-de'
        ? json(400, { errors: [{ field: 'html_content', message: 'invalid html' }] })
        : undefined;
    };
    const first = await pushJson('sendgrid', dir);
    expect(first.code).toBe(1);
    expect(first.out).toMatchObject({ ok: false, created: ['authmail-sign-in-en'] });
    const failed = (first.out.failed as { name: string; error: { message: string; status: number } }[])[0];
    expect(failed?.name).toBe('authmail-sign-in-de');
    expect(failed?.error.status).toBe(400);
    expect(failed?.error.message).toMatch(
      /^created template d-[0-9a-f]+, then .*html_content: invalid html.*\(the next push completes it\)$/,
    );

    broken = false;
    const second = await pushJson('sendgrid', dir);
    expect(second.out).toMatchObject({
      ok: true,
      created: [],
      updated: ['authmail-sign-in-de'],
      unchanged: ['authmail-sign-in-en'],
    });
    expect(api.names()).toHaveLength(2);
  });

  it('stops at an authentication failure and lists what was not attempted; the key never shows', async () => {
    const api = await fakePostmark('another-token');
    const { dir } = await project({ postmark: api.url });
    const r = await pushJson('postmark', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatchObject({ ok: false, created: [], notAttempted: ['authmail-sign-in-de'] });
    expect((r.out.failed as { error: { code: string } }[])[0]?.error.code).toBe('AUTH_FAILED');
    const human = await cli(['export', 'postmark', '--push', '--bundle', bundleDir, ...SELECT], dir);
    expect(human.stdout).toContain('postmark: 0 created, 0 updated, 0 unchanged, 1 failed, 1 not attempted');
    expect(human.stdout).toContain('Request does not contain a valid Server token. (ErrorCode 10)');
  });

  it('retries a 429 with Retry-After and then succeeds', async () => {
    const api = await fakePostmark(SECRETS.POSTMARK_TOKEN);
    let limited = 0;
    api.fail = (req) =>
      req.method === 'POST' && limited++ === 0
        ? json(429, { ErrorCode: 429, Message: 'Rate limit exceeded' }, { 'retry-after': '0' })
        : undefined;
    const { dir } = await project({ postmark: api.url });
    const r = await pushJson('postmark', dir);
    expect(r.out).toMatchObject({ ok: true, created: NAMES });
    expect(limited).toBeGreaterThan(1);
  });

  it('names the missing config when a target is not configured', async () => {
    const { dir } = await project({});
    const r = await cli(['export', 'mailgun', '--push', '--bundle', bundleDir], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'send.transports.mailgun: is not configured; `authmail export mailgun --push` needs it (apiKey, domain',
    );
    const logto = await cli(['export', 'logto', '--push', '--bundle', bundleDir], dir);
    expect(logto.stderr).toContain('export.logto: is not configured');
  });

  it('rejects an unknown target, template or locale, and --push for files', async () => {
    const { dir } = await project({});
    const run = (...args: string[]) => cli(['export', ...args, '--bundle', bundleDir], dir);
    expect((await run('mailchimp')).stderr).toContain(
      'unknown target "mailchimp" (known: sendgrid, postmark, mailgun, ses, resend, logto, files)',
    );
    expect((await run()).stderr).toContain('a target is required');
    expect((await run('sendgrid', '--template', 'welcome')).stderr).toContain('Unknown template "welcome"');
    expect((await run('sendgrid', '--locale', 'xx')).stderr).toContain('Unknown locale "xx"');
    expect((await run('files', '--push')).stderr).toContain('nothing to --push');
    expect((await run('logto', '--connector', 'mailjet')).stderr).toContain('--connector must be one of');
  });
});

describe('dry run', () => {
  async function files(dir: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const walk = async (d: string, prefix: string) => {
      for (const entry of await readdir(d, { withFileTypes: true })) {
        if (entry.isDirectory()) await walk(join(d, entry.name), `${prefix}${entry.name}/`);
        else out[`${prefix}${entry.name}`] = await readFile(join(d, entry.name), 'utf8');
      }
    };
    await walk(dir, '');
    return out;
  }

  it('writes the exact requests a push makes, with the auth header redacted and no secret anywhere', async () => {
    const api = await fakeSendgrid(SECRETS.SENDGRID_KEY);
    const { dir } = await project({ sendgrid: api.url });
    const r = await cli(['export', 'sendgrid', '--bundle', bundleDir, ...SELECT], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sendgrid: 2 templates → 7 files');
    expect(r.stdout).toContain('Dry run: nothing was sent.');
    expect(api.server.requests).toEqual([]);
    const written = await files(join(dir, 'export', 'sendgrid'));
    expect(Object.keys(written).sort()).toEqual([
      'authmail-sign-in-de.json',
      'authmail-sign-in-en.json',
      // The data contract of each template: what a backend sends with its id.
      'data/authmail-sign-in-de.example.json',
      'data/authmail-sign-in-de.schema.json',
      'data/authmail-sign-in-en.example.json',
      'data/authmail-sign-in-en.schema.json',
      'index.json',
    ]);
    const schema = JSON.parse(written['data/authmail-sign-in-de.schema.json'] as string);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['code'],
    });
    expect(JSON.parse(written['data/authmail-sign-in-de.example.json'] as string)).toMatchObject({
      code: expect.any(String),
    });
    for (const text of Object.values(written)) {
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    }
    const plan = JSON.parse(written['authmail-sign-in-de.json'] as string);
    expect(plan).toMatchObject({ target: 'sendgrid', baseUrl: api.url, name: 'authmail-sign-in-de', locale: 'de' });
    expect(plan.requests.create[0].headers).toEqual({
      Authorization: 'Bearer [redacted]',
      'Content-Type': 'application/json',
    });

    // the push sends exactly these requests
    await pushJson('sendgrid', dir);
    const sent = api.server.requests.filter((q) => q.method === 'POST');
    const de = sent.filter((q) =>
      q.path === '/v3/templates' ? (q.json as { name: string }).name === 'authmail-sign-in-de' : false,
    );
    expect(de[0]?.json).toEqual(plan.requests.create[0].body);
    const id = [...api.templates.values()].find((t) => t.name === 'authmail-sign-in-de')?.id;
    const version = sent.find((q) => q.path === `/v3/templates/${id}/versions`);
    expect(plan.requests.create[1].path).toBe('/v3/templates/{template_id}/versions');
    expect(version?.json).toEqual(plan.requests.create[1].body);
  });

  it.each(['postmark', 'mailgun', 'ses', 'resend'] as const)(
    '%s: the dry run has lookup, create and update requests',
    async (target) => {
      const { dir } = await project({});
      const r = await cli(
        ['export', target, '--bundle', bundleDir, '--template', 'generic', '--locale', 'ar', '--json'],
        dir,
      );
      // The requests, the data's schema and example, the index.
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, target, dryRun: true, templates: 1, files: 4 });
      const plan = JSON.parse(await readFile(join(dir, 'export', target, 'authmail-generic-ar.json'), 'utf8'));
      // Each step names a request to the provider's API (method and URL), as the push would send it.
      for (const step of ['lookup', 'create', 'update'] as const) {
        expect(plan.requests[step].length, step).toBeGreaterThan(0);
        for (const request of plan.requests[step])
          expect(request).toMatchObject({ method: expect.stringMatching(/^(GET|POST|PUT|PATCH)$/) });
      }
      const auth = JSON.stringify(plan.requests);
      expect(auth).toContain('[redacted]');
      if (target === 'mailgun') expect(plan.notes.join(' ')).toContain('no text template');
    },
  );

  it('logto: the Management API body for all templates and a connector templates array per locale', async () => {
    const { dir } = await project({});
    const r = await cli(['export', 'logto', '--bundle', bundleDir, '--connector', 'sendgrid'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: Logto has no sections');
    const written = await files(join(dir, 'export', 'logto'));
    const all = JSON.parse(written['email-templates.json'] as string);
    expect(all).toMatchObject({ method: 'PUT', path: '/api/email-templates' });
    expect(all.body.templates).toHaveLength(9); // 3 templates × 3 locales
    expect(all.body.templates[0]).toEqual({
      languageTag: expect.any(String),
      templateType: expect.any(String),
      details: { subject: expect.any(String), content: expect.stringContaining('<html'), contentType: 'text/html' },
    });
    const de = JSON.parse(written['connector/de.json'] as string);
    expect(de.templates.map((t: { usageType: string }) => t.usageType).sort()).toEqual([
      'Generic',
      'OrganizationInvitation',
      'SignIn',
    ]);
    expect(de.templates[0]).toMatchObject({ type: 'text/html' });
    expect(de.templates[0].contentType).toBeUndefined();
    // Logto substitutes {{code}} without escaping or sections
    const signIn = de.templates.find((t: { usageType: string }) => t.usageType === 'SignIn');
    expect(signIn.content).toContain('{{code}}');
    expect(signIn.content).not.toMatch(/\{\{[#^/]/);
  });

  it('files: the slot-format sources as plain files', async () => {
    const { dir } = await project({});
    await cli(['export', 'files', '--bundle', bundleDir, '--out', 'out'], dir);
    const written = await files(join(dir, 'out', 'files'));
    expect(Object.keys(written)).toContain('authmail-sign-in-de.html');
    expect(written['authmail-sign-in-de.subject.txt']).toContain('{{');
  });
});
