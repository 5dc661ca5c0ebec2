/**
 * The aliyun transport (Alibaba Cloud Direct Mail): the signed RPC API
 * against a loopback server that recomputes the HMAC-SHA1 signature (RPC
 * signature version 1.0, written here from Alibaba's documentation) and
 * answers with Direct Mail's success and error bodies; and the SMTP endpoint
 * (smtpdm.aliyun.com:465, implicit TLS, AUTH) against a local SMTP server.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { aliyunOptionsSchema } from '../../src/providers/aliyun/options.ts';
import type { Bundle } from '../../src/runtime/index.ts';
import { createAliyunTransport, createMailer, type DeliveryInput } from '../../src/send/index.ts';
import { type Captured, closeProviderServers, json, providerServer } from '../fixtures/provider-server.ts';
import { collectLog, fastRetries, sendError, testBundle } from '../fixtures/send.ts';
import { type SmtpSink, startSmtp, testCertificate } from '../fixtures/smtp.ts';

const KEY_ID = 'LTAI5tAuthmailTest';
const SECRET = 'aliyun-secret-9f8e7d6c5b4a3210';
let bundle: Bundle;
const sinks: SmtpSink[] = [];
beforeAll(async () => {
  bundle = (await testBundle()).bundle;
});
afterEach(async () => {
  await closeProviderServers();
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

const once: DeliveryInput = { ...fastRetries, maxAttempts: 1 };
const input = {
  template: 'sign-in',
  to: 'li.lei@example.com',
  locale: 'zh-CN',
  variables: { code: '482915', application: { id: 'app_1', name: 'Acme Cloud' } },
};
const mailer = (transport: ReturnType<typeof createAliyunTransport>, delivery: DeliveryInput = fastRetries) =>
  createMailer({
    bundle,
    transport,
    from: 'Acme <no-reply@mail.acme.example>',
    delivery,
    secrets: [SECRET],
    log: collectLog().log,
  });

/** Alibaba's RPC signature, as the documentation states it. */
function expectedSignature(req: Captured): string {
  const enc = (s: string) =>
    encodeURIComponent(s)
      .replace(/\+/g, '%20')
      .replace(/\*/g, '%2A')
      .replace(/%7E/g, '~')
      .replace(/!/g, '%21')
      .replace(/'/g, '%27')
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29');
  const params = req.fields.filter(([k]) => k !== 'Signature');
  const canonical = params
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const stringToSign = `${req.method}&${enc('/')}&${enc(canonical)}`;
  return createHmac('sha1', `${SECRET}&`).update(stringToSign).digest('base64');
}

const api = (endpoint: string, extra: Record<string, unknown> = {}) =>
  createAliyunTransport({ accessKeyId: KEY_ID, accessKeySecret: SECRET, endpoint, ...extra });

describe('aliyun (Direct Mail API)', () => {
  it('posts a signed SingleSendMail with the rendered HtmlBody and TextBody, link tracking off', async () => {
    const s = await providerServer((req) =>
      req.field('Signature') === expectedSignature(req)
        ? json(200, { EnvId: '600000123', RequestId: '5F2A0C6B-1111-2222-3333-444455556666' })
        : json(400, {
            Code: 'SignatureDoesNotMatch',
            Message: 'Specified signature is not matched with our calculation.',
          }),
    );
    const result = await mailer(api(s.url, { tagName: 'auth' })).send(input);
    const req = s.requests[0] as Captured;
    expect(`${req.method} ${req.path}`).toBe('POST /');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const fields = Object.fromEntries(req.fields);
    const r = bundle.render('sign-in', input);
    expect(fields).toMatchObject({
      Action: 'SingleSendMail',
      Version: '2015-11-23',
      Format: 'JSON',
      AccessKeyId: KEY_ID,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccountName: 'no-reply@mail.acme.example',
      AddressType: '1',
      ReplyToAddress: 'false',
      ToAddress: 'li.lei@example.com',
      Subject: r.subject,
      HtmlBody: r.html,
      TextBody: r.text,
      ClickTrace: '0',
      FromAlias: 'Acme',
      TagName: 'auth',
    });
    expect(fields.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fields.SignatureNonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(fields.Signature).toBe(expectedSignature(req));
    expect(result).toMatchObject({ transport: 'aliyun', messageId: '600000123' });
  });

  it('signs values with spaces, *, ~ and non-ASCII the RFC 3986 way', async () => {
    const s = await providerServer((req) =>
      req.field('Signature') === expectedSignature(req)
        ? json(200, { RequestId: 'r' })
        : json(400, { Code: 'SignatureDoesNotMatch' }),
    );
    await mailer(api(s.url, { fromAlias: 'Acme * ~ (Cloud) 云', accountName: 'auth@mail.acme.example' })).send(input);
    expect(s.requests[0]?.field('FromAlias')).toBe('Acme * ~ (Cloud) 云');
  });

  it.each([
    [400, 'Throttling.User', 'Request was denied due to user flow control.', 'TEMPORARY_FAILURE', true],
    [
      503,
      'ServiceUnavailable',
      'The request has failed due to a temporary failure of the server.',
      'TEMPORARY_FAILURE',
      true,
    ],
    [404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 'AUTH_FAILED', false],
    [400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.', 'AUTH_FAILED', false],
    [400, 'InvalidToAddress', 'The specified toAddress is invalid.', 'REJECTED', false],
    [400, 'InvalidMailAddress.NotFound', 'The specified mail address is not found.', 'REJECTED', false],
    [500, 'InternalError', 'The request processing has failed due to some unknown error.', 'TEMPORARY_FAILURE', true],
  ])('maps %i %s to %s', async (status, Code, Message, code, retryable) => {
    const s = await providerServer(() =>
      json(status, { Code, Message, RequestId: 'req-1', HostId: 'dm.aliyuncs.com' }),
    );
    const error = await sendError(mailer(api(s.url), once).send(input));
    expect(error).toMatchObject({ code, status, retryable, transport: 'aliyun', detail: Code });
    expect(error.message).toContain(`${Code}: ${Message}`);
  });

  it('cannot send provider-hosted templates (Direct Mail API templates are undocumented): fails before sending', async () => {
    const s = await providerServer(() => json(200, {}));
    const error = await sendError(mailer(api(s.url)).send({ ...input, hosted: true }));
    expect(error).toMatchObject({ code: 'TRANSPORT_FAILED', attempts: 0 });
    expect(s.requests).toEqual([]);
  });

  it('requires the AccessKey pair and a known region (or an endpoint)', () => {
    const issues = (o: unknown) => {
      try {
        createAliyunTransport(o as never);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues;
      }
      throw new Error('expected a ConfigError');
    };
    expect(issues({})).toEqual([
      { path: 'accessKeyId', message: 'is required (the AccessKey ID for the Direct Mail API)' },
      { path: 'accessKeySecret', message: 'is required (the AccessKey secret for the Direct Mail API)' },
    ]);
    expect(issues({ accessKeyId: KEY_ID, accessKeySecret: SECRET, region: 'mars-1' })[0]?.path).toBe('region');
    expect(issues({ method: 'smtp' })).toEqual([
      { path: 'smtp', message: 'is required with method smtp (auth: { user, pass })' },
    ]);
  });

  it('defaults to the Hangzhou endpoint and knows the other regions', () => {
    const parsed = aliyunOptionsSchema.parse({ accessKeyId: KEY_ID, accessKeySecret: SECRET });
    expect(parsed).toMatchObject({ method: 'api', region: 'cn-hangzhou', addressType: 1, clickTrace: false });
  });
});

describe('aliyun (SMTP endpoint)', () => {
  it('sends the MIME message over implicit TLS with AUTH, as smtpdm.aliyun.com:465 expects', async () => {
    const cert = await testCertificate();
    const sink = await startSmtp({
      secure: true,
      key: cert.key,
      cert: cert.cert,
      users: { 'no-reply@mail.acme.example': 'smtp-pass-123456' },
    });
    sinks.push(sink);
    const options = aliyunOptionsSchema.parse({
      method: 'smtp',
      smtp: {
        host: '127.0.0.1',
        port: sink.port,
        tls: { ca: cert.cert, servername: 'localhost' },
        auth: { user: 'no-reply@mail.acme.example', pass: 'smtp-pass-123456' },
      },
    });
    expect(options).toMatchObject({ method: 'smtp', smtp: { secure: true, port: sink.port } });
    expect(
      aliyunOptionsSchema.parse({ method: 'smtp', smtp: { auth: { user: 'a@b.example', pass: 'x' } } }),
    ).toMatchObject({
      smtp: { host: 'smtpdm.aliyun.com', port: 465, secure: true },
    });
    const t = createAliyunTransport({
      method: 'smtp',
      smtp: {
        host: '127.0.0.1',
        port: sink.port,
        tls: { ca: cert.cert, servername: 'localhost' },
        auth: { user: 'no-reply@mail.acme.example', pass: 'smtp-pass-123456' },
      },
    });
    const m = mailer(t);
    const result = await m.send(input);
    await m.close();
    expect(result.transport).toBe('aliyun');
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toMatchObject({
      secure: true,
      user: 'no-reply@mail.acme.example',
      to: ['li.lei@example.com'],
    });
    expect(sink.messages[0]?.parsed.subject).toBe(bundle.render('sign-in', input).subject);
  });

  it('reports a refused login as an aliyun AUTH_FAILED', async () => {
    const cert = await testCertificate();
    const sink = await startSmtp({
      secure: true,
      key: cert.key,
      cert: cert.cert,
      users: { 'a@mail.acme.example': 'right' },
    });
    sinks.push(sink);
    const t = createAliyunTransport({
      method: 'smtp',
      smtp: {
        host: '127.0.0.1',
        port: sink.port,
        tls: { ca: cert.cert, servername: 'localhost' },
        auth: { user: 'a@mail.acme.example', pass: 'wrong-password' },
      },
    });
    const m = mailer(t, once);
    const error = await sendError(m.send(input));
    await m.close();
    expect(error).toMatchObject({ code: 'AUTH_FAILED', transport: 'aliyun', retryable: false });
    expect(error.message).toContain('smtp:');
  });
});
