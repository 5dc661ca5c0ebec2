/**
 * The provider API transports — SendGrid, Postmark, Mailgun (US/EU), Resend —
 * against loopback servers that check each provider's documented request
 * (method, path, headers, auth, body fields) and answer with its documented
 * success and error bodies: 2xx, 400/401/422, 429 with rate-limit headers, 5xx.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import projectConfig from '../../authmail.config.ts';
import { parseConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { resendData, templateData } from '../../src/hosted/data.ts';
import { parseRateLimitReset } from '../../src/mail/classify.ts';
import { mailgunClient } from '../../src/providers/mailgun/api.ts';
import { sendgridClient } from '../../src/providers/sendgrid/api.ts';
import type { Bundle } from '../../src/runtime/index.ts';
import {
  classifyHttpStatus,
  createMailer,
  createMailgunTransport,
  createPostmarkTransport,
  createResendTransport,
  createSendgridTransport,
  type DeliveryInput,
  type Transport,
} from '../../src/send/index.ts';
import { cli } from '../fixtures/cli.ts';
import { closeProviderServers, json, providerServer } from '../fixtures/provider-server.ts';
import { collectLog, fastRetries, sendError, testBundle } from '../fixtures/send.ts';

let bundle: Bundle;
beforeAll(async () => {
  bundle = (await testBundle()).bundle;
});
afterEach(closeProviderServers);

const once: DeliveryInput = { ...fastRetries, maxAttempts: 1 };
const input = {
  template: 'sign-in',
  to: 'Ada Lovelace <ada@example.com>',
  locale: 'de',
  variables: { code: '482915', application: { id: 'app_1', name: 'Acme <Cloud>' } },
};

function mailer(transport: Transport, delivery: DeliveryInput = fastRetries, secrets: string[] = []) {
  return createMailer({
    bundle,
    transport,
    from: 'Acme <no-reply@acme.example>',
    replyTo: 'support@acme.example',
    delivery,
    secrets,
    log: collectLog().log,
  });
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const rendered = () => bundle.render('sign-in', input);

describe('classifier: rate-limit headers', () => {
  it('reads X-RateLimit-Reset (epoch seconds) and RateLimit-Reset (seconds from now) on 429', () => {
    const now = 1_800_000_000_000;
    const h = (o: Record<string, string>) => new Headers(o);
    expect(parseRateLimitReset(h({ 'x-ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(7000);
    expect(parseRateLimitReset(h({ 'ratelimit-reset': '3' }), now)).toBe(3000);
    expect(parseRateLimitReset(h({}), now)).toBeUndefined();
    expect(classifyHttpStatus(429, h({ 'x-ratelimit-reset': String(now / 1000 + 5) }), now)).toMatchObject({
      code: 'TEMPORARY_FAILURE',
      retryable: true,
      retryAfterMs: 5000,
    });
    // Retry-After wins over the reset; a 400 never gets a wait
    expect(classifyHttpStatus(429, h({ 'retry-after': '2', 'ratelimit-reset': '9' }), now).retryAfterMs).toBe(2000);
    expect(classifyHttpStatus(400, h({ 'ratelimit-reset': '9' }), now).retryAfterMs).toBeUndefined();
  });
});

describe('sendgrid', () => {
  const KEY = 'SG.test-key.0123456789abcdef';
  const transport = (url: string, extra: Record<string, unknown> = {}) =>
    createSendgridTransport({ apiKey: KEY, baseUrl: url, ...extra });

  it('posts /v3/mail/send with text/plain then text/html, tracking off; 202 and X-Message-Id', async () => {
    const s = await providerServer(() => ({ status: 202, headers: { 'x-message-id': 'sg-msg-1' } }));
    const result = await mailer(transport(s.url)).send(input);
    expect(s.requests).toHaveLength(1);
    const req = s.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/v3/mail/send');
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers['content-type']).toBe('application/json');
    const r = rendered();
    expect(req?.json).toEqual({
      personalizations: [{ to: [{ email: 'ada@example.com', name: 'Ada Lovelace' }] }],
      from: { email: 'no-reply@acme.example', name: 'Acme' },
      reply_to: { email: 'support@acme.example' },
      subject: r.subject,
      content: [
        { type: 'text/plain', value: r.text },
        { type: 'text/html', value: r.html },
      ],
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'de' },
      tracking_settings: {
        click_tracking: { enable: false, enable_text: false },
        open_tracking: { enable: false },
        subscription_tracking: { enable: false },
      },
    });
    expect(result).toMatchObject({ messageId: 'sg-msg-1', transport: 'sendgrid', accepted: ['ada@example.com'] });
  });

  it('bypasses the global unsubscribe list, sandboxes, categorizes and sends on behalf of a subuser when configured', async () => {
    const s = await providerServer(() => ({ status: 202 }));
    await mailer(
      transport(s.url, {
        bypassUnsubscribeManagement: true,
        sandboxMode: 'true',
        categories: ['auth'],
        ipPoolName: 'auth-pool',
        onBehalfOf: 'eu-sub',
      }),
    ).send(input);
    const body = s.requests[0]?.json as Record<string, unknown>;
    expect(body.mail_settings).toEqual({
      bypass_unsubscribe_management: { enable: true },
      sandbox_mode: { enable: true },
    });
    expect(body.categories).toEqual(['auth']);
    expect(body.ip_pool_name).toBe('auth-pool');
    expect(s.requests[0]?.headers['on-behalf-of']).toBe('eu-sub');
  });

  it('uses api.eu.sendgrid.com for the EU region unless baseUrl overrides it', () => {
    expect(sendgridClient({ apiKey: KEY, region: 'eu' }).baseUrl).toBe('https://api.eu.sendgrid.com');
    expect(sendgridClient({ apiKey: KEY, region: 'global' }).baseUrl).toBe('https://api.sendgrid.com');
  });

  it.each([
    [400, 'REJECTED', false],
    [401, 'AUTH_FAILED', false],
    [403, 'AUTH_FAILED', false],
    [413, 'REJECTED', false],
    [500, 'TEMPORARY_FAILURE', true],
    [503, 'TEMPORARY_FAILURE', true],
  ])('maps %i with errors[] to %s (retryable %s)', async (status, code, retryable) => {
    const s = await providerServer(() =>
      json(status, {
        errors: [{ message: `problem ${status}`, field: status === 400 ? 'from.email' : null, help: null }],
      }),
    );
    const error = await sendError(mailer(transport(s.url), once).send(input));
    expect(error).toMatchObject({ code, status, retryable, transport: 'sendgrid' });
    expect(error.message).toContain(`problem ${status}`);
    if (status === 400) expect(error.message).toContain('from.email: problem 400');
  });

  it('maps 429 with X-RateLimit-* headers to a retryable failure that waits for the reset, then retries', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1;
    const s = await providerServer((_req, n) =>
      n === 1
        ? json(
            429,
            { errors: [{ field: null, message: 'too many requests' }] },
            { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
          )
        : { status: 202, headers: { 'x-message-id': 'after-wait' } },
    );
    const first = await sendError(mailer(transport(s.url), once).send(input));
    expect(first).toMatchObject({ code: 'TEMPORARY_FAILURE', status: 429, retryable: true });
    expect(first.retryAfterMs).toBeGreaterThan(0);
    expect(first.retryAfterMs).toBeLessThanOrEqual(2000);
    s.handle((_req, n) =>
      n === 2
        ? json(
            429,
            { errors: [{ message: 'too many requests' }] },
            { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000)) },
          )
        : { status: 202, headers: { 'x-message-id': 'after-wait' } },
    );
    const result = await mailer(transport(s.url)).send(input);
    expect(result).toMatchObject({ messageId: 'after-wait', attempts: 2 });
  });

  it('sends a hosted dynamic template by id with dynamic_template_data, and looks the id up by name', async () => {
    const s = await providerServer((req) =>
      req.method === 'GET'
        ? json(200, {
            result: [{ id: 'd-0123456789abcdef', name: 'authmail-sign-in-de', generation: 'dynamic', versions: [] }],
            _metadata: { count: 1 },
          })
        : { status: 202 },
    );
    await mailer(transport(s.url)).send({ ...input, hosted: true });
    expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/templates', 'POST /v3/mail/send']);
    expect(s.requests[0]?.query.get('generations')).toBe('dynamic');
    const body = s.requests[1]?.json as Record<string, unknown>;
    expect(body.template_id).toBe('d-0123456789abcdef');
    expect(body.subject).toBeUndefined();
    expect(body.content).toBeUndefined();
    const { data } = templateData(bundle, 'sign-in', input);
    expect(body.personalizations).toEqual([
      { to: [{ email: 'ada@example.com', name: 'Ada Lovelace' }], dynamic_template_data: data },
    ]);
    expect((data.html as { application: { name: string } }).application.name).toBe('Acme &lt;Cloud&gt;');

    // configured ids need no lookup; an unknown name is a clear, permanent failure
    const t = transport(s.url, { templateIds: { 'authmail-sign-in-de': 'd-feedface' } });
    await mailer(t).send({ ...input, hosted: true });
    expect((s.requests.at(-1)?.json as { template_id?: string } | undefined)?.template_id).toBe('d-feedface');
    const missing = await sendError(mailer(transport(s.url), once).send({ ...input, locale: 'en', hosted: true }));
    expect(missing).toMatchObject({ code: 'REJECTED', retryable: false });
    expect(missing.message).toContain('no dynamic template named "authmail-sign-in-en"');
  });

  it('never shows the API key, even when the provider echoes it', async () => {
    const s = await providerServer(() => json(401, { errors: [{ message: `key ${KEY} is not valid` }] }));
    const error = await sendError(mailer(transport(s.url), once, [KEY]).send(input));
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('[redacted]');
  });

  it('refuses options without an API key, with http:// to a remote host, or with a bad region, naming the key', () => {
    expect(configError(() => createSendgridTransport({} as never)).issues).toEqual([
      { path: 'apiKey', message: 'is required (the SendGrid API key, SG.…)' },
    ]);
    expect(
      configError(() => createSendgridTransport({ apiKey: KEY, baseUrl: 'http://api.example.com' })).issues[0],
    ).toMatchObject({
      path: 'baseUrl',
    });
    expect(configError(() => createSendgridTransport({ apiKey: KEY, region: 'us' as never })).issues[0]).toEqual({
      path: 'region',
      message: 'must be "global" or "eu"',
    });
  });
});

describe('postmark', () => {
  const TOKEN = 'pm-server-token-00000000-1111';
  const transport = (url: string, extra: Record<string, unknown> = {}) =>
    createPostmarkTransport({ serverToken: TOKEN, baseUrl: url, ...extra });
  const ok = {
    To: 'ada@example.com',
    SubmittedAt: '2026-11-22T10:00:00Z',
    MessageID: 'pm-123',
    ErrorCode: 0,
    Message: 'OK',
  };

  it('posts /email on the outbound stream with tracking off; 200 {MessageID, ErrorCode: 0}', async () => {
    const s = await providerServer(() => json(200, ok));
    const result = await mailer(transport(s.url)).send(input);
    const req = s.requests[0];
    expect(`${req?.method} ${req?.path}`).toBe('POST /email');
    expect(req?.headers['x-postmark-server-token']).toBe(TOKEN);
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['content-type']).toBe('application/json');
    const r = rendered();
    expect(req?.json).toEqual({
      From: 'Acme <no-reply@acme.example>',
      To: 'Ada Lovelace <ada@example.com>',
      ReplyTo: 'support@acme.example',
      Headers: [
        { Name: 'Auto-Submitted', Value: 'auto-generated' },
        { Name: 'Content-Language', Value: 'de' },
      ],
      MessageStream: 'outbound',
      TrackOpens: false,
      TrackLinks: 'None',
      Subject: r.subject,
      HtmlBody: r.html,
      TextBody: r.text,
    });
    expect(result).toMatchObject({ messageId: 'pm-123', transport: 'postmark', response: '200 OK' });
  });

  it.each([
    [
      401,
      { ErrorCode: 10, Message: 'No Account or Server API tokens were supplied in the HTTP headers.' },
      'AUTH_FAILED',
      false,
    ],
    [
      422,
      { ErrorCode: 406, Message: 'You tried to send to recipient(s) that have been marked as inactive.' },
      'REJECTED',
      false,
    ],
    [422, { ErrorCode: 300, Message: 'Invalid email request' }, 'REJECTED', false],
    [500, { ErrorCode: 0, Message: 'Internal Server Error' }, 'TEMPORARY_FAILURE', true],
    [503, { ErrorCode: 0, Message: 'Service Unavailable' }, 'TEMPORARY_FAILURE', true],
  ])('maps %i %j to %s', async (status, body, code, retryable) => {
    const s = await providerServer(() => json(status, body));
    const error = await sendError(mailer(transport(s.url), once).send(input));
    expect(error).toMatchObject({ code, status, retryable, transport: 'postmark' });
    expect(error.message).toContain(`${body.Message} (ErrorCode ${body.ErrorCode})`);
  });

  it('retries 429 after Retry-After', async () => {
    const s = await providerServer((_req, n) =>
      n === 1 ? json(429, { ErrorCode: 429, Message: 'Rate limit exceeded' }, { 'retry-after': '0' }) : json(200, ok),
    );
    const first = await sendError(mailer(transport(s.url), once).send(input));
    expect(first).toMatchObject({ code: 'TEMPORARY_FAILURE', status: 429, retryable: true, retryAfterMs: 0 });
    s.handle((_req, n) =>
      n === 2 ? json(429, { ErrorCode: 429, Message: 'Rate limit exceeded' }, { 'retry-after': '0' }) : json(200, ok),
    );
    expect((await mailer(transport(s.url)).send(input)).attempts).toBe(2);
  });

  it('sends a hosted template by alias with TemplateModel, on the configured stream', async () => {
    const s = await providerServer(() => json(200, ok));
    await mailer(transport(s.url, { messageStream: 'auth', tag: 'otp' })).send({ ...input, hosted: true });
    const body = s.requests[0]?.json as Record<string, unknown>;
    expect(s.requests[0]?.path).toBe('/email/withTemplate');
    expect(body).toMatchObject({
      TemplateAlias: 'authmail-sign-in-de',
      TemplateModel: templateData(bundle, 'sign-in', input).data,
      MessageStream: 'auth',
      Tag: 'otp',
      InlineCss: false,
      TrackLinks: 'None',
    });
    expect(body.HtmlBody).toBeUndefined();
  });

  it('requires the server token and a known TrackLinks value', () => {
    expect(configError(() => createPostmarkTransport({} as never)).issues).toEqual([
      { path: 'serverToken', message: 'is required (the Postmark server API token)' },
    ]);
    expect(
      configError(() => createPostmarkTransport({ serverToken: TOKEN, trackLinks: 'All' as never })).issues[0]?.path,
    ).toBe('trackLinks');
  });
});

describe('mailgun', () => {
  const KEY = 'key-0123456789abcdef0123456789abcdef';
  const transport = (url: string, extra: Record<string, unknown> = {}) =>
    createMailgunTransport({ apiKey: KEY, domain: 'mg.acme.example', baseUrl: url, ...extra });
  const queued = { id: '<20261122.1@mg.acme.example>', message: 'Queued. Thank you.' };

  it('posts multipart /v3/<domain>/messages with Basic api:<key>, text and html, tracking off', async () => {
    const s = await providerServer(() => json(200, queued));
    const result = await mailer(transport(s.url, { tags: ['auth'] })).send(input);
    const req = s.requests[0];
    expect(`${req?.method} ${req?.path}`).toBe('POST /v3/mg.acme.example/messages');
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`);
    expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const r = rendered();
    // multipart/form-data carries line breaks as CRLF (as the message itself will)
    const crlf = (v: string) => v.replace(/\r?\n/g, '\r\n');
    expect(req?.fields).toEqual([
      ['from', 'Acme <no-reply@acme.example>'],
      ['to', 'Ada Lovelace <ada@example.com>'],
      ['subject', r.subject],
      ['text', crlf(r.text)],
      ['html', crlf(r.html)],
      ['h:Reply-To', 'support@acme.example'],
      ['h:Auto-Submitted', 'auto-generated'],
      ['h:Content-Language', 'de'],
      ['o:tracking', 'no'],
      ['o:tracking-clicks', 'no'],
      ['o:tracking-opens', 'no'],
      ['o:tag', 'auth'],
    ]);
    expect(result).toMatchObject({ messageId: queued.id, response: '200 Queued. Thank you.' });
  });

  it('uses api.eu.mailgun.net for the EU region, api.mailgun.net for the US', () => {
    expect(mailgunClient({ apiKey: KEY, region: 'eu' }).baseUrl).toBe('https://api.eu.mailgun.net');
    expect(mailgunClient({ apiKey: KEY, region: 'us' }).baseUrl).toBe('https://api.mailgun.net');
  });

  it('maps the plain-text 401 "Forbidden" to AUTH_FAILED and 400 {message} to REJECTED', async () => {
    const s = await providerServer(() => ({
      status: 401,
      body: 'Forbidden',
      headers: { 'content-type': 'text/plain' },
    }));
    const auth = await sendError(mailer(transport(s.url), once).send(input));
    expect(auth).toMatchObject({ code: 'AUTH_FAILED', status: 401, retryable: false });
    expect(auth.message).toContain('answered 401: Forbidden');
    s.handle(() => json(400, { message: "'from' parameter is not a valid address. please check documentation" }));
    const bad = await sendError(mailer(transport(s.url), once).send(input));
    expect(bad).toMatchObject({ code: 'REJECTED', status: 400, retryable: false });
    expect(bad.message).toContain("'from' parameter is not a valid address");
  });

  it('reads the wait from a 429 message without Retry-After; 500 is retried', async () => {
    const s = await providerServer(() =>
      json(429, {
        message: 'Domain mg.acme.example is not allowed to send: limit exceeded, try again after 120 seconds',
      }),
    );
    const limited = await sendError(mailer(transport(s.url), once).send(input));
    expect(limited).toMatchObject({ code: 'TEMPORARY_FAILURE', status: 429, retryable: true, retryAfterMs: 120_000 });
    s.handle((_req, n) => (n === 2 ? json(500, { message: 'Internal Server Error' }) : json(200, queued)));
    expect((await mailer(transport(s.url)).send(input)).attempts).toBe(2);
  });

  it('sends a hosted template with t:variables and t:text=yes (Mailgun stores no text body)', async () => {
    const s = await providerServer(() => json(200, queued));
    await mailer(transport(s.url, { tracking: true, testMode: true, requireTls: true })).send({
      ...input,
      hosted: true,
    });
    const req = s.requests[0];
    expect(req?.field('template')).toBe('authmail-sign-in-de');
    expect(JSON.parse(req?.field('t:variables') ?? '')).toEqual(templateData(bundle, 'sign-in', input).data);
    expect(req?.field('t:text')).toBe('yes');
    expect(req?.field('subject')).toBeUndefined();
    expect(req?.field('html')).toBeUndefined();
    expect(req?.field('o:tracking')).toBe('yes');
    expect(req?.field('o:testmode')).toBe('yes');
    expect(req?.field('o:require-tls')).toBe('yes');
  });

  it('requires the API key and the domain', () => {
    expect(configError(() => createMailgunTransport({} as never)).issues).toEqual([
      { path: 'apiKey', message: 'is required (the Mailgun private API key)' },
      { path: 'domain', message: 'is required (the Mailgun sending domain, such as mg.acme.example)' },
    ]);
    expect(
      configError(() => createMailgunTransport({ apiKey: KEY, domain: 'mg.acme.example', region: 'asia' as never }))
        .issues[0]?.path,
    ).toBe('region');
  });
});

describe('resend', () => {
  const KEY = 're_test_0123456789abcdef';
  const transport = (url: string, extra: Record<string, unknown> = {}) =>
    createResendTransport({ apiKey: KEY, baseUrl: url, ...extra });

  it('posts /emails with Bearer auth and an Idempotency-Key that stays the same across retries', async () => {
    const s = await providerServer((_req, n) =>
      n === 1
        ? json(500, { statusCode: 500, name: 'internal_server_error', message: 'An unexpected error occurred.' })
        : json(200, { id: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' }),
    );
    const result = await mailer(transport(s.url, { tags: { flow: 'sign-in' } })).send(input);
    expect(s.requests).toHaveLength(2);
    const [a, b] = s.requests;
    expect(`${b?.method} ${b?.path}`).toBe('POST /emails');
    expect(b?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(a?.headers['idempotency-key']).toMatch(/^authmail-[0-9a-f-]+$/);
    expect(b?.headers['idempotency-key']).toBe(a?.headers['idempotency-key']);
    const r = rendered();
    expect(b?.json).toEqual({
      from: 'Acme <no-reply@acme.example>',
      to: ['Ada Lovelace <ada@example.com>'],
      reply_to: 'support@acme.example',
      subject: r.subject,
      html: r.html,
      text: r.text,
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'de' },
      tags: [{ name: 'flow', value: 'sign-in' }],
    });
    expect(result).toMatchObject({ messageId: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794', attempts: 2 });
  });

  it.each([
    [422, 'validation_error', 'REJECTED', false],
    [400, 'invalid_idempotency_key', 'REJECTED', false],
    [401, 'missing_api_key', 'AUTH_FAILED', false],
    [403, 'invalid_api_key', 'AUTH_FAILED', false],
    [429, 'daily_quota_exceeded', 'REJECTED', false],
    [409, 'concurrent_idempotent_requests', 'TEMPORARY_FAILURE', true],
    [500, 'internal_server_error', 'TEMPORARY_FAILURE', true],
  ])('maps %i %s to %s', async (status, name, code, retryable) => {
    const s = await providerServer(() => json(status, { statusCode: status, name, message: `about ${name}` }));
    const error = await sendError(mailer(transport(s.url), once).send(input));
    expect(error).toMatchObject({ code, status, retryable, transport: 'resend' });
    expect(error.message).toContain(`about ${name} (${name})`);
  });

  it('maps 429 rate_limit_exceeded with retry-after / ratelimit-* headers to a retryable wait', async () => {
    const s = await providerServer(() =>
      json(
        429,
        {
          statusCode: 429,
          name: 'rate_limit_exceeded',
          message: 'Too many requests. You can only make 2 requests per second.',
        },
        { 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '1', 'retry-after': '1' },
      ),
    );
    const error = await sendError(mailer(transport(s.url), once).send(input));
    expect(error).toMatchObject({ code: 'TEMPORARY_FAILURE', status: 429, retryable: true, retryAfterMs: 1000 });
  });

  it('sends a hosted template by alias with the flat variables and no html/text', async () => {
    const s = await providerServer(() => json(200, { id: 'x' }));
    await mailer(transport(s.url)).send({ ...input, hosted: true });
    const body = s.requests[0]?.json as Record<string, unknown>;
    expect(body.template).toEqual({ id: 'authmail-sign-in-de', variables: resendData(bundle, 'sign-in', input).data });
    expect(body.html).toBeUndefined();
    expect(body.text).toBeUndefined();
    expect(body.subject).toBeUndefined();
  });

  it('requires the API key', () => {
    expect(configError(() => createResendTransport({ apiKey: '' })).issues).toEqual([
      { path: 'apiKey', message: 'must not be empty (the Resend API key, re_…)' },
    ]);
  });
});

describe('transports without the network', () => {
  it('reports a refused connection as a retryable CONNECTION_FAILED naming the request', async () => {
    const s = await providerServer(() => json(200, {}));
    const url = s.url;
    await s.close();
    const error = await sendError(
      mailer(createResendTransport({ apiKey: 're_x_123', baseUrl: url }), once).send(input),
    );
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true, detail: 'ECONNREFUSED' });
    expect(error.message).toContain(`POST ${url}/emails failed`);
  });

  it('refuses hosted sends on transports that cannot, before anything is sent', async () => {
    const sent: unknown[] = [];
    const local: Transport = {
      name: 'local',
      async send(m) {
        sent.push(m);
        return { messageId: 'x', accepted: [m.to.address] };
      },
    };
    const error = await sendError(mailer(local).send({ ...input, hosted: true }));
    expect(error).toMatchObject({ code: 'TRANSPORT_FAILED', retryable: false, attempts: 0 });
    expect(error.message).toContain('cannot send with a provider-hosted template');
    expect(sent).toEqual([]);
  });
});

describe('provider transports from the config', () => {
  it('names the missing key with its full path', () => {
    const error = (() => {
      try {
        parseConfig({
          brand: projectConfig.brand,
          send: { transport: 'sendgrid', transports: { sendgrid: { region: 'eu' } } },
        });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.issues).toEqual([
      { path: 'send.transports.sendgrid.apiKey', message: 'is required (the SendGrid API key, SG.…)' },
    ]);
  });

  it('authmail send --transport postmark --json: sent through the loopback API, the token never printed', async () => {
    const TOKEN = 'pm-cli-token-5555-6666';
    const s = await providerServer((req) =>
      req.headers['x-postmark-server-token'] === TOKEN
        ? json(200, { To: 'ada@example.com', MessageID: 'pm-cli-1', ErrorCode: 0, Message: 'OK' })
        : json(401, { ErrorCode: 10, Message: `Bad token ${String(req.headers['x-postmark-server-token'])}` }),
    );
    const root = await mkdtemp(join(tmpdir(), 'authmail-provider-cli-'));
    try {
      await mkdir(join(root, 'secrets'));
      await writeFile(join(root, 'secrets', 'POSTMARK_TOKEN'), `${TOKEN}\n`);
      await writeFile(join(root, 'secrets', 'WRONG'), 'pm-wrong-token-7777\n');
      await (await testBundle()).write(join(root, 'bundle'));
      const config = (token: string) =>
        JSON.stringify({
          brand: projectConfig.brand,
          secretsDir: join(root, 'secrets'),
          send: {
            transport: 'postmark',
            transports: { postmark: { serverToken: `$[secret:${token}]`, baseUrl: s.url } },
          },
        });
      await writeFile(join(root, 'authmail.config.json'), config('POSTMARK_TOKEN'));
      const args = [
        'send',
        '--template',
        'sign-in',
        '--to',
        'ada@example.com',
        '--var',
        'code=123456',
        '--bundle',
        'bundle',
        '--json',
      ];
      const ok = await cli(args, root);
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, transport: 'postmark', messageId: 'pm-cli-1' });
      await writeFile(join(root, 'authmail.config.json'), config('WRONG'));
      const bad = await cli(args, root);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', status: 401 } });
      expect(bad.stdout).not.toContain('pm-wrong-token-7777');
      expect(bad.stdout).toContain('[redacted]');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
