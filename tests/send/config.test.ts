/**
 * Config for sending: `$[env:…]` / `$[secret:…]` values, defaults, AEM and
 * Logto aliases of the SMTP options, errors that name the key, and secrets
 * that never show.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSecrets, parseConfig, resolvePlaceholders } from '../../src/config/index.ts';
import type { ConfigError } from '../../src/core/errors.ts';
import { smtpOptionsSchema } from '../../src/providers/smtp/options.ts';
import { createMailerFromConfig, defaultFrom, SendError } from '../../src/send/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { testBundle } from '../fixtures/send.ts';
import { closedPort } from '../fixtures/smtp.ts';

/** A brand of the tests' own: the From the defaults are expected to take. */
const brand = testBrand;
let secretsDir: string;

beforeAll(async () => {
  secretsDir = await mkdtemp(join(tmpdir(), 'authmail-secrets-'));
  await writeFile(join(secretsDir, 'EMAIL_PASSWORD'), 'pa55-from-file\n');
  await writeFile(join(secretsDir, 'WEBHOOK_TOKEN'), 'Bearer tok-from-file');
});
afterAll(() => rm(secretsDir, { recursive: true, force: true }));

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect((error as ConfigError).code).toBe('INVALID_CONFIG');
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const withSend = (send: unknown, extra: Record<string, unknown> = {}) => ({ brand, ...extra, send });

describe('placeholders', () => {
  const env = { SMTP_HOST: 'mail.acme.example', SMTP_PORT: '2525', TLS_ON: 'true', EMPTY: '' };

  it('resolves env values, defaults, types, text around them, and escapes', () => {
    const { value, issues } = resolvePlaceholders(
      {
        a: '$[env:SMTP_HOST]',
        b: '$[env:MISSING;default=fallback.example]',
        c: '$[env:MISSING;default=]',
        d: '$[env:SMTP_PORT;type=Integer]',
        e: '$[env:TLS_ON;type=Boolean]',
        f: 'smtp://$[env:SMTP_HOST]:$[env:SMTP_PORT]/',
        g: 'literal \\$[env:SMTP_HOST] stays',
        h: ['$[env:EMPTY;default=x]', 7, true, null],
      },
      { env },
    );
    expect(issues).toEqual([]);
    expect(value).toEqual({
      a: 'mail.acme.example',
      b: 'fallback.example',
      c: '',
      d: 2525,
      e: true,
      f: 'smtp://mail.acme.example:2525/',
      g: 'literal $[env:SMTP_HOST] stays',
      h: ['', 7, true, null],
    });
  });

  it('reads secrets from files (trailing newline dropped) and collects them for redaction', () => {
    const r = resolvePlaceholders({ pass: '$[secret:EMAIL_PASSWORD]' }, { env: {}, secretsDir });
    expect(r.value).toEqual({ pass: 'pa55-from-file' });
    expect(r.secrets).toEqual(['pa55-from-file']);
  });

  it('reports every unresolved placeholder with its key, never keeping it as a literal', () => {
    const e = configError(() =>
      parseConfig(
        withSend({
          transport: 'smtp',
          transports: {
            smtp: { host: '$[env:SMTP_HOST]', 'smtp.password': '$[secret:NOPE]', port: '$[prop:x]' },
          },
        }),
        'test.json',
        { env: {} },
      ),
    );
    expect(e.issues).toEqual([
      {
        path: 'send.transports.smtp.host',
        message: expect.stringContaining('environment variable SMTP_HOST is not set and there is no ;default='),
      },
      {
        path: 'send.transports.smtp["smtp.password"]',
        message: expect.stringMatching(/\$\[secret:NOPE\] is unresolved: no secret file .*\/run\/secrets\/NOPE/),
      },
      { path: 'send.transports.smtp.port', message: expect.stringContaining('"prop:", which is not supported') },
    ]);
    expect(e.message).toContain('test.json');
  });

  it('rejects a bad type conversion and unknown options', () => {
    const r = resolvePlaceholders(
      { a: '$[env:X;type=Integer]', b: '$[env:X;typo=1]', c: 'x$[env:X;type=Integer]' },
      { env: { X: 'abc' } },
    );
    expect(r.issues.map((i) => i.path)).toEqual(['a', 'b', 'c']);
    expect(r.issues[0]?.message).toMatch(/not an Integer/);
    expect(r.issues[1]?.message).toMatch(/unknown option "typo=1"/);
    expect(r.issues[2]?.message).toMatch(/whole value/);
  });

  it('takes the secrets directory from the config or AUTHMAIL_SECRETS_DIR', () => {
    const send = {
      transports: { http: { endpoint: 'https://hooks.acme.example/e', authorization: '$[secret:WEBHOOK_TOKEN]' } },
    };
    const a = parseConfig(withSend(send, { secretsDir }), 'x', { env: {} });
    expect(a.send.transports.http?.authorization).toBe('Bearer tok-from-file');
    const b = parseConfig(withSend(send, { secretsDir: '$[env:SECRETS]' }), 'x', { env: { SECRETS: secretsDir } });
    expect(b.send.transports.http?.authorization).toBe('Bearer tok-from-file');
    const c = parseConfig(withSend(send), 'x', { env: { AUTHMAIL_SECRETS_DIR: secretsDir } });
    expect(c.send.transports.http?.authorization).toBe('Bearer tok-from-file');
  });
});

describe('send config', () => {
  it('has working defaults: outbox, 10 s per attempt, 30 s deadline, brand From', () => {
    const config = parseConfig({ brand });
    expect(config.send).toEqual({
      transport: 'outbox',
      defaults: { variables: {}, headers: {} },
      delivery: {
        attemptTimeout: 10_000,
        deadline: 30_000,
        maxAttempts: 5,
        backoff: { initial: 500, max: 5_000, factor: 2 },
      },
      transports: {},
    });
    expect(defaultFrom(config, 'outbox')).toEqual({ name: brand.senderName, address: brand.fromAddress });
  });

  it('lets a default give way to a value set: a shorter deadline, a smaller backoff maximum', () => {
    expect(parseConfig(withSend({ delivery: { deadline: 8_000 } })).send.delivery).toEqual({
      attemptTimeout: 8_000,
      deadline: 8_000,
      maxAttempts: 5,
      backoff: { initial: 500, max: 5_000, factor: 2 },
    });
    expect(parseConfig(withSend({ delivery: { backoff: { max: 200 } } })).send.delivery.backoff).toEqual({
      initial: 200,
      max: 200,
      factor: 2,
    });
    // Values set on both sides still have to agree.
    expect(() => parseConfig(withSend({ delivery: { backoff: { initial: 900, max: 200 } } }))).toThrow(
      /send\.delivery\.backoff\.initial: must not exceed backoff\.max/,
    );
  });

  it('takes From from send.from, then the SMTP fromEmail (named after the brand when bare)', () => {
    const smtp = { host: 'mail.acme.example', fromEmail: 'auth@acme.example' };
    expect(defaultFrom(parseConfig(withSend({ transports: { smtp } })), 'smtp')).toEqual({
      name: brand.senderName,
      address: 'auth@acme.example',
    });
    expect(defaultFrom(parseConfig(withSend({ transports: { smtp } })), 'outbox').address).toBe(brand.fromAddress);
    const explicit = parseConfig(withSend({ from: 'Acme Security <security@acme.example>', transports: { smtp } }));
    expect(defaultFrom(explicit, 'smtp')).toEqual({ name: 'Acme Security', address: 'security@acme.example' });
  });

  it.each([
    [{ transport: 'smtpp' }, 'send.transport', /must be one of outbox, smtp, http/],
    [{ from: 'not an address' }, 'send.from', /Invalid sender \(from\) address/],
    [{ delivery: { deadline: 10 } }, 'send.delivery.deadline', /at least 50 ms/],
    [
      { delivery: { attemptTimeout: 60_000, deadline: 30_000 } },
      'send.delivery.attemptTimeout',
      /must not exceed deadline/,
    ],
    [{ defaults: { headers: { Bcc: 'x@example.com' } } }, 'send.defaults.headers.Bcc', /set by authmail/],
    [{ transports: { smtp: { host: 'h', hots: 'x' } } }, 'send.transports.smtp', /Unrecognized key: "hots"/],
    [{ transports: { smtp: { host: 'h', port: 'abc' } } }, 'send.transports.smtp.port', /must be a number/],
    [{ transports: { smtp: { host: 'h', port: 70000 } } }, 'send.transports.smtp.port', /65535/],
    [{ transports: { smtp: { port: 25 } } }, 'send.transports.smtp.host', /is required \(or smtp\.host\)/],
    [
      { transports: { smtp: { host: 'h', starttls: 'maybe' } } },
      'send.transports.smtp.starttls',
      /opportunistic, required, disabled/,
    ],
    [{ transports: { smtp: { host: 'h', auth: { pass: 'x' } } } }, 'send.transports.smtp.auth.user', /without a user/],
    [{ transports: { http: { endpoint: 'not a url' } } }, 'send.transports.http.endpoint', /http\(s\) URL/],
    [{ transports: { outbox: { folder: 'x' } } }, 'send.transports.outbox', /Unrecognized key: "folder"/],
  ])('names the key of a bad value: %j', (send, path, message) => {
    const e = configError(() => parseConfig(withSend(send)));
    expect(e.issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(e.message).toContain(`${path}:`);
  });
});

describe('SMTP options: Logto and AEM names', () => {
  const parse = (input: unknown) => smtpOptionsSchema.parse(input);

  it('maps AEM DefaultMailService keys', () => {
    const o = parse({
      'smtp.host': 'proxy.tunnel',
      'smtp.port': '30465',
      'smtp.user': 'mailer@acme.example',
      'smtp.password': 's3cret',
      'from.address': 'no-reply@acme.example',
      'smtp.ssl': 'true',
      'smtp.starttls': false,
      'debug.email': true,
    });
    expect(o).toMatchObject({
      host: 'proxy.tunnel',
      port: 30465,
      secure: true,
      starttls: 'disabled',
      auth: { type: 'login', user: 'mailer@acme.example', pass: 's3cret' },
      from: 'no-reply@acme.example',
      debug: true,
    });
    expect(parse({ 'smtp.host': 'h', 'smtp.starttls': true, 'smtp.requiretls': true }).starttls).toBe('required');
    expect(parse({ 'smtp.host': 'h', 'smtp.starttls': true }).starttls).toBe('opportunistic');
  });

  it('maps oauth.flow to XOAUTH2', () => {
    const o = parse({
      'smtp.host': 'smtp.office365.com',
      'smtp.user': 'auth@acme.example',
      'oauth.flow': true,
      auth: {
        clientId: 'cid',
        clientSecret: 'csecret',
        refreshToken: 'rtok',
        accessUrl: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token',
      },
    });
    expect(o.auth).toEqual({
      type: 'oauth2',
      user: 'auth@acme.example',
      clientId: 'cid',
      clientSecret: 'csecret',
      refreshToken: 'rtok',
      accessUrl: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token',
    });
    expect(() => parse({ host: 'h', 'oauth.flow': true, 'smtp.user': 'u' })).toThrow(/OAuth2 needs accessToken/);
  });

  it("accepts Logto's SMTP connector fields", () => {
    const o = parse({
      host: 'smtp.gmail.com',
      port: 587,
      auth: { type: 'LOGIN', user: 'u@gmail.com', pass: 'app-password' },
      fromEmail: 'Acme <u@gmail.com>',
      replyTo: 'support@acme.example',
      requireTLS: true,
      servername: 'smtp.gmail.com',
      tls: { minVersion: 'TLSv1.3' },
      customHeaders: { 'X-Env': 'prod' },
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
      dnsTimeout: 5000,
      name: 'auth.acme.example',
      logger: false,
      debug: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    expect(o).toMatchObject({
      port: 587,
      starttls: 'required',
      tls: { servername: 'smtp.gmail.com', minVersion: 'TLSv1.3', rejectUnauthorized: true },
      auth: { type: 'login', user: 'u@gmail.com', pass: 'app-password' },
      from: 'Acme <u@gmail.com>',
      customHeaders: { 'X-Env': 'prod' },
      connectionTimeout: 5000,
      name: 'auth.acme.example',
    });
    expect(parse({ host: 'h', secure: true }).port).toBe(465);
    expect(parse({ host: 'h', ignoreTLS: true }).starttls).toBe('disabled');
  });

  it('reports an alias that contradicts its canonical key at the alias', () => {
    const e = configError(() =>
      parseConfig(
        withSend({
          transports: {
            smtp: { host: 'a.example', 'smtp.host': 'b.example', requireTLS: true, 'smtp.starttls': false },
          },
        }),
      ),
    );
    expect(e.issues).toContainEqual({
      path: 'send.transports.smtp["smtp.host"]',
      message: 'conflicts with "host" (give one of them)',
    });
    expect(e.issues).toContainEqual({
      path: 'send.transports.smtp["smtp.starttls"]',
      message: expect.stringContaining('conflicts with "requireTLS"'),
    });
  });
});

describe('secrets', () => {
  it('are known to the parsed config: from secret files and secret-looking keys', () => {
    const config = parseConfig(
      withSend(
        {
          transports: {
            smtp: { host: 'h', 'smtp.user': 'mailer', 'smtp.password': '$[secret:EMAIL_PASSWORD]' },
            http: {
              endpoint: 'https://hooks.acme.example/e',
              authorization: 'Bearer literal-token',
              signingSecret: 'a-signing-secret-123',
            },
          },
        },
        { secretsDir },
      ),
    );
    const r = configSecrets(config);
    expect(r.string('pw=pa55-from-file auth=Bearer literal-token sig=a-signing-secret-123 user=mailer')).toBe(
      'pw=[redacted] auth=[redacted] sig=[redacted] user=mailer',
    );
    expect(r.string(Buffer.from('pa55-from-file').toString('base64'))).toBe('[redacted]');
  });

  it('never appear in a send error built from the config', async () => {
    const { bundle } = await testBundle();
    const port = await closedPort();
    const config = parseConfig(
      withSend(
        {
          transport: 'smtp',
          delivery: { maxAttempts: 1 },
          transports: { smtp: { host: '127.0.0.1', port, auth: { user: 'u', pass: '$[secret:EMAIL_PASSWORD]' } } },
        },
        { secretsDir },
      ),
    );
    const mailer = createMailerFromConfig(config, { bundle, env: {} });
    const error = await mailer
      .send({ template: 'generic', to: 'a@example.com', variables: { code: '123456' } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(JSON.stringify(error)).not.toContain('pa55-from-file');
    await mailer.close();
  });

  it('brand.replyTo: the footer says replies reach support, and a send without send.replyTo gets it as Reply-To', async () => {
    const withReplies = { ...brand, replyTo: 'help@fixture.test' };
    const { buildBundles } = await import('../../src/build/build.ts');
    const { createBundle } = await import('../../src/runtime/index.ts');
    const { logtoCatalog, logtoTranslations } = await import('../fixtures/logto-content.tsx');
    const built = await buildBundles({
      catalog: logtoCatalog,
      translations: logtoTranslations,
      templates: ['generic'],
      locales: ['en'],
      brand: withReplies,
    });
    const bundle = createBundle(built.manifest, built.sources);
    const email = bundle.render('generic', { variables: { code: '123456' } });
    expect(email.html).toContain('Replies reach support.');
    expect(email.html).not.toContain('Automated message.');
    const dir = await mkdtemp(join(tmpdir(), 'authmail-replies-'));
    try {
      const config = parseConfig({ brand: withReplies, send: { transports: { outbox: { dir } } } });
      const mailer = createMailerFromConfig(config, { bundle, env: {} });
      await mailer.send({ template: 'generic', to: 'a@example.com', variables: { code: '123456' } });
      await mailer.close();
      const [eml] = await readdir(dir);
      expect(await readFile(join(dir, eml as string), 'utf8')).toMatch(/^Reply-To: help@fixture\.test\r?$/m);
      // send.replyTo, when set, wins.
      const own = parseConfig({
        brand: withReplies,
        send: { replyTo: 'desk@fixture.test', transports: { outbox: { dir: join(dir, 'own') } } },
      });
      const other = createMailerFromConfig(own, { bundle, env: {} });
      await other.send({ template: 'generic', to: 'a@example.com', variables: { code: '123456' } });
      await other.close();
      const [second] = await readdir(join(dir, 'own'));
      expect(await readFile(join(dir, 'own', second as string), 'utf8')).toMatch(/^Reply-To: desk@fixture\.test\r?$/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unknown or unconfigured transport is a config error naming it', async () => {
    const { bundle } = await testBundle();
    const config = parseConfig({ brand });
    expect(() => createMailerFromConfig(config, { bundle, transport: 'pigeon' })).toThrow(/unknown transport "pigeon"/);
    expect(() => createMailerFromConfig(config, { bundle, transport: 'smtp' })).toThrow(
      /send\.transports\.smtp: is not configured/,
    );
    expect(() => createMailerFromConfig(config, { bundle, env: { AUTHMAIL_TRANSPORT: 'http' } })).toThrow(
      /send\.transports\.http: is not configured/,
    );
  });
});
