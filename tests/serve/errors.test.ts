/**
 * Every way a request to `authmail serve` can fail, each with a clear error
 * and the right status — and never a 2xx for a message the transport did not
 * accept: bad bodies (400), credentials (401), size (413), strict types (422),
 * rate limits (429), transport refusals (502), transport down or slow (503),
 * shutdown and disconnects. No timing assertions: the machine is shared.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transport } from '../../src/send/index.ts';
import { call, startTestServer, type TestServer, type TestServerOptions, TOKEN, until } from '../fixtures/serve.ts';
import { closedPort, smtpError } from '../fixtures/smtp.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: TestServerOptions = {}) {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}

const signIn = (to = 'ada@example.com', extra: Record<string, unknown> = {}) => ({
  to,
  type: 'SignIn',
  payload: { code: '482915', locale: 'en', ...extra },
});

describe('400: the request body', () => {
  it('malformed JSON', async () => {
    const s = await serve();
    const r = await s.post('{"to": "ada@example.com", "type": ', { raw: true });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('INVALID_JSON');
    expect(r.json.error.message).toMatch(/not valid JSON/);
    expect(s.sink?.messages).toHaveLength(0);
  });

  it.each([
    ['to', { type: 'SignIn', payload: { code: '123456' } }, 'to is required'],
    ['type', { to: 'ada@example.com', payload: { code: '123456' } }, 'type is required'],
    ['payload', { to: 'ada@example.com', type: 'SignIn' }, 'payload is required'],
  ])('missing %s', async (field, body, message) => {
    const s = await serve();
    const r = await s.post(body);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('INVALID_REQUEST');
    expect(r.json.error.message).toContain(message);
    expect(r.json.error.issues).toEqual([{ field, message: 'is required' }]);
    expect(s.sink?.messages).toHaveLength(0);
  });

  it('lists every problem at once, by field, with what it got', async () => {
    const s = await serve();
    const r = await s.post({ to: 42, type: '', payload: [], ip: 7 });
    expect(r.status).toBe(400);
    expect(r.json.error.issues).toEqual([
      { field: 'to', message: 'must be a string (got number)' },
      { field: 'type', message: 'must not be empty' },
      { field: 'payload', message: 'must be an object (got array)' },
      { field: 'ip', message: 'must be a string (got number)' },
    ]);
  });

  it.each([
    ['an array', '[1, 2]', 'must be a JSON object (got array)'],
    ['null', 'null', 'must be a JSON object (got null)'],
    ['empty', '', 'not valid JSON'],
  ])('a body that is %s', async (_what, body, message) => {
    const s = await serve();
    const r = await s.post(body, { raw: true });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain(message);
  });

  it('a payload.locale that is not a string, an ip that is not an IP address', async () => {
    const s = await serve();
    const r1 = await s.post(signIn('ada@example.com', { locale: 5 }));
    expect(r1.json.error.issues).toEqual([{ field: 'payload.locale', message: 'must be a string (got number)' }]);
    const r2 = await s.post({ ...signIn(), ip: '300.1.1.1' });
    expect(r2.status).toBe(400);
    expect(r2.json.error.issues).toEqual([{ field: 'ip', message: 'must be an IPv4 or IPv6 address' }]);
  });

  it.each([
    ['not-an-address', 'not-an-address'],
    ['a domain without a dot', 'ada@localhost'],
    ['two recipients', 'ada@example.com, bob@example.com'],
    ['a header injection', 'ada@example.com\r\nBcc: eve@example.com'],
  ])('a bad recipient address: %s', async (_what, to) => {
    const s = await serve();
    const r = await s.post(signIn(to));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'INVALID_ADDRESS', field: 'to' });
    expect(r.json.error.message).toMatch(/^Invalid recipient address/);
    expect(s.sink?.messages).toHaveLength(0);
  });

  it.each([
    ['SignIn', { locale: 'en' }, 'MISSING_VARIABLE', 'code', 'sign-in'],
    ['SignIn', { code: '12' }, 'INVALID_VARIABLE', 'code', 'sign-in'],
    ['SignIn', { code: 482915 }, 'INVALID_VARIABLE', 'code', 'sign-in'],
    ['SignIn', { code: '482915', application: 'Acme' }, 'INVALID_VARIABLE', 'application', 'sign-in'],
    ['SignIn', { code: '482915', application: { id: 'app_1' } }, 'MISSING_VARIABLE', 'application.name', 'sign-in'],
    ['BindMfa', { code: '482915' }, 'MISSING_VARIABLE', 'user', 'bind-mfa'],
    [
      'UserPermissionValidation',
      { code: '482915', user: { id: 'u1', primaryEmail: 'nope' } },
      'INVALID_VARIABLE',
      'user.primaryEmail',
      'verify-operation',
    ],
    [
      'OrganizationInvitation',
      { link: 'https://acme.example/i/1' },
      'MISSING_VARIABLE',
      'organization',
      'organization-invitation',
    ],
    [
      'OrganizationInvitation',
      { link: 'javascript:alert(1)', organization: { id: 'o', name: 'N' } },
      'INVALID_VARIABLE',
      'link',
      'organization-invitation',
    ],
    ['Generic', {}, 'MISSING_VARIABLE', 'code', 'generic'],
  ])('%s with %j: %s naming %s', async (type, payload, code, variable, template) => {
    const s = await serve();
    const r = await s.post({ to: 'ada@example.com', type, payload });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code, variable, template });
    expect(r.json.error.message).toContain(`variable "${variable}"`);
    expect(s.sink?.messages).toHaveLength(0);
  });

  it('not an error: a uiLocales of 200+ characters with malformed and excess entries is read as far as it is usable', async () => {
    const s = await serve();
    const uiLocales = `${'x'.repeat(250)} !!! de ${Array.from({ length: 20 }, () => 'fr').join(' ')}`;
    const r = await s.post(signIn('ada@example.com', { locale: undefined, uiLocales }));
    expect(r.status).toBe(200);
    expect(r.json.locale).toBe('de');
    expect(s.sink?.messages).toHaveLength(1);
  });

  it('a malformed locale tag', async () => {
    const s = await serve();
    const r = await s.post(signIn('ada@example.com', { locale: 'not a tag!' }));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'UNKNOWN_LOCALE', field: 'payload.locale' });
  });
});

describe('401: credentials', () => {
  it.each([
    ['missing', null, 'missing'],
    ['wrong', 'Bearer wrong-token-0123456789abcdef', 'does not match'],
    ['a prefix of the right one', TOKEN.slice(0, -1), 'does not match'],
    ['the right one plus a character', `${TOKEN}x`, 'does not match'],
    ['the right token in another case', TOKEN.replace('Bearer', 'bearer'), 'does not match'],
    ['the token without its scheme', TOKEN.slice('Bearer '.length), 'does not match'],
  ])('%s Authorization → 401, nothing sent', async (_what, auth, message) => {
    const s = await serve();
    const r = await s.post(signIn(), { auth });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('UNAUTHORIZED');
    expect(r.json.error.message).toContain(message);
    expect(r.headers['www-authenticate']).toBe('Bearer realm="authmail"');
    expect(s.sink?.messages).toHaveLength(0);
    expect(s.lines.join('\n')).not.toContain(TOKEN.slice('Bearer '.length));
  });

  it.each([
    ['the right value first', [TOKEN, 'Bearer wrong-token-0123456789abcdef']],
    ['the right value twice', [TOKEN, TOKEN]],
  ])('a repeated Authorization header (%s) → 401, nothing sent', async (_what, auth) => {
    const s = await serve();
    const r = await s.post(signIn(), { auth });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toBe('The Authorization header is repeated; send it once.');
    expect(s.sink?.messages).toHaveLength(0);
  });

  it('checks credentials before reading the body', async () => {
    const s = await serve({ settings: { bodyLimit: 1024 } });
    const r = await s.post({ ...signIn(), pad: 'x'.repeat(50_000) }, { auth: 'Bearer nope-nope-nope-nope-nope' });
    expect(r.status).toBe(401);
  });

  it('accepts each of several configured values (rotation)', async () => {
    const next = 'Basic bmV4dC10b2tlbjpyb3RhdGlvbi0yMDI2';
    const s = await serve({ settings: { authorization: [TOKEN, next] } });
    expect((await s.post(signIn('r1@example.com'))).status).toBe(200);
    expect((await s.post(signIn('r2@example.com'), { auth: next })).status).toBe(200);
    expect((await s.post(signIn('r3@example.com'), { auth: 'Basic nope' })).status).toBe(401);
    expect(s.sink?.messages).toHaveLength(2);
  });
});

describe('other request errors', () => {
  it('415 for a body that is not JSON', async () => {
    const s = await serve();
    const r = await s.post('to=ada@example.com', { raw: true, headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('404 for another path, 405 for another method', async () => {
    const s = await serve();
    const r404 = await s.post(signIn(), { path: '/send' });
    expect(r404.status).toBe(404);
    const r405 = await s.post(undefined, { method: 'GET' });
    expect(r405.status).toBe(405);
    expect(r405.headers.allow).toBe('POST');
    expect(s.sink?.messages).toHaveLength(0);
  });
});

describe('413: body size', () => {
  it('refuses a declared Content-Length above the limit without reading the body', async () => {
    const s = await serve({ settings: { bodyLimit: 2048 } });
    const r = await s.post(signIn('ada@example.com', { pad: 'x'.repeat(4000) }));
    expect(r.status).toBe(413);
    expect(r.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 2048 });
    expect(r.headers.connection).toBe('close');
    expect(s.sink?.messages).toHaveLength(0);
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    const s = await serve({ settings: { bodyLimit: 2048 } });
    const r = await s.post(signIn('ada@example.com', { pad: 'x'.repeat(200_000) }), { chunked: true });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(s.sink?.messages).toHaveLength(0);
    // The server carries on.
    expect((await s.post(signIn())).status).toBe(200);
  });

  it('accepts a body right at the limit', async () => {
    const body = signIn('ada@example.com', { pad: '' });
    const size = Buffer.byteLength(JSON.stringify(body));
    const s = await serve({ settings: { bodyLimit: 2048 } });
    const r = await s.post(signIn('ada@example.com', { pad: 'x'.repeat(2048 - size) }));
    expect(r.status).toBe(200);
  });
});

describe('422: strict types', () => {
  it('answers 422 for an unknown type when serve.strictTypes is on, and sends known types', async () => {
    const s = await serve({ settings: { strictTypes: true } });
    const r = await s.post({ to: 'ada@example.com', type: 'Test', payload: { code: '123456' } });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: 'UNKNOWN_TYPE', type: 'Test' });
    expect(r.json.error.message).toMatch(/known: [A-Za-z, ]*\bSignIn\b/);
    expect((await s.post(signIn())).status).toBe(200);
    expect(s.sink?.messages).toHaveLength(1);
  });
});

describe('429: rate limits', () => {
  it('per recipient, with Retry-After; +tags and case reach the same inbox; a refused request sends nothing', async () => {
    const s = await serve({ settings: { rateLimit: { recipient: { limit: 2, window: 60_000 }, ip: false } } });
    expect((await s.post(signIn('mina@example.com'))).status).toBe(200);
    expect((await s.post(signIn('Mina+otp@Example.com'))).status).toBe(200);
    const r = await s.post(signIn('mina+again@example.com'));
    expect(r.status).toBe(429);
    expect(r.json.error).toMatchObject({ code: 'RATE_LIMITED', limit: 'recipient' });
    const retryAfter = Number(r.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(r.json.error.retryAfter).toBe(retryAfter);
    expect(s.sink?.messages).toHaveLength(2);
    // Another recipient is not affected.
    expect((await s.post(signIn('jon@example.com'))).status).toBe(200);
    const line = s.logs().find((l) => l.status === 429);
    expect(line).toMatchObject({ to: 'm***@example.com', error: { code: 'RATE_LIMITED', limit: 'recipient' } });
  });

  it('a rejected (invalid) request does not count against the limit', async () => {
    const s = await serve({ settings: { rateLimit: { recipient: { limit: 1, window: 60_000 }, ip: false } } });
    expect((await s.post({ to: 'mina@example.com', type: 'SignIn', payload: {} })).status).toBe(400);
    expect((await s.post(signIn('mina@example.com'))).status).toBe(200);
    expect((await s.post(signIn('mina@example.com'))).status).toBe(429);
  });

  it('per client ip (IPv6 per /64), with Retry-After', async () => {
    const s = await serve({ settings: { rateLimit: { recipient: false, ip: { limit: 2, window: 60_000 } } } });
    const from = (to: string, ip?: string) => s.post({ ...signIn(to), ...(ip ? { ip } : {}) });
    expect((await from('a@example.com', '203.0.113.7')).status).toBe(200);
    expect((await from('b@example.com', '::ffff:203.0.113.7')).status).toBe(200);
    const r = await from('c@example.com', '203.0.113.7');
    expect(r.status).toBe(429);
    expect(r.json.error.limit).toBe('ip');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('d@example.com', '198.51.100.1')).status).toBe(200);
    expect((await from('e@example.com', '2001:db8:1:2::a')).status).toBe(200);
    expect((await from('f@example.com', '2001:db8:1:2:ffff::b')).status).toBe(200);
    expect((await from('g@example.com', '2001:db8:1:2::c')).status).toBe(429);
    // Without an ip, only the recipient limit applies.
    expect((await from('h@example.com')).status).toBe(200);
    expect(s.sink?.messages).toHaveLength(6);
  });
});

describe('502 / 503: the transport', () => {
  it('502 when the SMTP server refuses the recipient (550), without retrying; the log masks the address', async () => {
    const s = await serve({
      sink: {
        onRcptTo(address, _session, callback) {
          callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
        },
      },
    });
    const r = await s.post(signIn('bob.unknown@example.com'));
    expect(r.status).toBe(502);
    expect(r.json.error).toMatchObject({
      code: 'REJECTED',
      transport: 'smtp',
      status: 550,
      retryable: false,
      attempts: 1,
    });
    expect(r.json.error.message).toContain('The transport refused the message');
    expect(s.sink?.messages).toHaveLength(0);
    const line = s.logs().find((l) => l.status === 502);
    expect(line).toMatchObject({ level: 'error', result: 'failed', error: { code: 'REJECTED', status: 550 } });
    expect(s.lines.join('\n')).not.toContain('bob.unknown@example.com');
    expect(s.lines.join('\n')).toContain('b***@example.com');
  });

  it('502 when a transport answers without accepting the recipient (no silent drop)', async () => {
    const transport: Transport = {
      name: 'fake',
      async send(message) {
        return { messageId: message.messageId, accepted: [] };
      },
    };
    const s = await serve({ sink: false, transport });
    const r = await s.post(signIn());
    expect(r.status).toBe(502);
    expect(r.json.error.code).toBe('REJECTED');
  });

  it('503 when the SMTP server is down (connection refused, after retries)', async () => {
    const s = await serve({ sink: false, smtp: { port: await closedPort() } });
    const r = await s.post(signIn());
    expect(r.status).toBe(503);
    expect(r.json.error).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true, attempts: 3 });
    expect(s.logs('transport').some((l) => l.level === 'warn')).toBe(true);
  });

  it('503 when the SMTP server does not answer within the delivery timeout', async () => {
    const s = await serve({
      sink: { dataDelay: () => 5_000 },
      delivery: { attemptTimeout: 300, deadline: 600, maxAttempts: 1 },
    });
    const r = await s.post(signIn());
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('TIMEOUT');
  });

  it('503 when the request timeout passes before the transport accepted; the send is aborted', async () => {
    const s = await serve({
      sink: { dataDelay: () => 6_000 },
      settings: { requestTimeout: 1_000, readTimeout: 1_000 },
    });
    const r = await s.post(signIn());
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('TIMEOUT');
    expect(r.json.error.message).toContain('request timeout');
  });

  it('200 after a transient SMTP failure (451) and a retry', async () => {
    const s = await serve({ sink: { mailFromReply: (n) => (n === 1 ? [451, '4.3.0 try again later'] : undefined) } });
    const r = await s.post(signIn());
    expect(r.status).toBe(200);
    expect(r.json.attempts).toBe(2);
    expect(s.sink?.messages).toHaveLength(1);
  });

  it('a slow SMTP server does not trip the read timeout once the body is in', async () => {
    const s = await serve({ sink: { dataDelay: () => 2_500 }, settings: { readTimeout: 1_000 } });
    const r = await s.post(signIn());
    expect(r.status).toBe(200);
  });

  it('503 SERVER_BUSY above maxInFlight, with Retry-After, and the refused request is not counted', async () => {
    const s = await serve({
      sink: { dataDelay: (n) => (n === 1 ? 2_000 : 0) },
      settings: { maxInFlight: 1, rateLimit: { recipient: { limit: 1, window: 60_000 }, ip: false } },
    });
    const first = s.post(signIn('slow@example.com'));
    await until(() => (s.sink?.mailFrom ?? 0) >= 1);
    const busy = await s.post(signIn('next@example.com'));
    expect(busy.status).toBe(503);
    expect(busy.json.error.code).toBe('SERVER_BUSY');
    expect(busy.headers['retry-after']).toBe('1');
    expect((await first).status).toBe(200);
    expect((await s.post(signIn('next@example.com'))).status).toBe(200);
  });
});

describe('timeouts, disconnects and shutdown', () => {
  it('408 when the body does not arrive within readTimeout', async () => {
    const s = await serve({ settings: { readTimeout: 1_000, requestTimeout: 1_000 } });
    const { port } = new URL(s.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"to":`,
        );
      });
      let data = '';
      socket.on('data', (d) => {
        data += d;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
    expect(s.sink?.messages).toHaveLength(0);
    await until(() => s.logs().length > 0);
    expect(s.logs()).toEqual([expect.objectContaining({ status: 408, error: { code: 'REQUEST_TIMEOUT' } })]);
  });

  it('a client that disconnects mid-send does not lose the message: it is delivered and logged', async () => {
    const s = await serve({ sink: { dataDelay: () => 1_000 } });
    const body = JSON.stringify(signIn('gone@example.com'));
    const req = httpRequest(`${s.url}/`, {
      method: 'POST',
      agent: false,
      headers: { authorization: TOKEN, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', () => {});
    req.end(body);
    await until(() => (s.sink?.mailFrom ?? 0) >= 1);
    req.destroy();
    await until(() => s.logs().some((l) => l.clientClosed === true));
    expect(s.sink?.messages).toHaveLength(1);
    expect(s.logs().find((l) => l.clientClosed)).toMatchObject({ status: 200, result: 'accepted' });
  });

  it('on shutdown, finishes the send in flight and refuses new requests', async () => {
    const s = await serve({ sink: { dataDelay: () => 1_500 } });
    const inFlight = s.post(signIn('inflight@example.com'));
    await until(() => (s.sink?.mailFrom ?? 0) >= 1);
    const closing = s.server.close();
    // New connections are refused …
    await expect(call(s.url, signIn('late@example.com'))).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up/);
    // … while the send in flight completes and is acknowledged.
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(r.headers.connection).toBe('close');
    await closing;
    expect(s.sink?.messages.map((m) => m.to)).toEqual([['inflight@example.com']]);
    expect(s.logs('stopped')).toEqual([expect.objectContaining({ abortedSends: false })]);
  });

  it('a send still in flight when shutdownTimeout passes is aborted and answered 503, never 2xx', async () => {
    const s = await serve({ sink: { dataDelay: () => 3_000 }, settings: { shutdownTimeout: 0 } });
    const inFlight = s.post(signIn('cut@example.com'));
    await until(() => (s.sink?.mailFrom ?? 0) >= 1);
    await s.server.close();
    const r = await inFlight;
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('SHUTTING_DOWN');
    expect(s.logs('stopped')).toEqual([expect.objectContaining({ abortedSends: true })]);
  });

  it('a request still arriving at shutdown is cut off or refused, never sent', async () => {
    const s = await serve();
    const { port } = new URL(s.url);
    const body = JSON.stringify(signIn('late@example.com'));
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    socket.on('data', (d) => {
      data += d;
    });
    socket.on('error', () => {});
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = s.server.close();
    socket.write(
      `Authorization: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await ended;
    await closing;
    // Node closes a connection without a complete request at once; had the request come through, it would get 503.
    expect(data).not.toMatch(/^HTTP\/1\.1 2/);
    expect(s.sink?.messages).toHaveLength(0);
  });

  it('a request pipelined behind the one in flight during shutdown is never sent', async () => {
    const s = await serve({ sink: { dataDelay: () => 1_500 } });
    const { port } = new URL(s.url);
    // Two requests pipelined on one connection: the second is read while the first is sending.
    const body = JSON.stringify(signIn('pipelined@example.com'));
    const second = JSON.stringify(signIn('second@example.com'));
    const head = (b: string) =>
      `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`;
    const socket = connect(Number(port), '127.0.0.1');
    let data = '';
    socket.on('data', (d) => {
      data += d;
    });
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(head(body));
    await until(() => (s.sink?.mailFrom ?? 0) >= 1);
    const closing = s.server.close();
    socket.write(head(second));
    await ended;
    await closing;
    const statuses = [...data.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1]);
    expect(statuses[0]).toBe('200');
    // Node drops a request pipelined behind a `Connection: close` answer; were it read, it would get 503.
    if (statuses[1] !== undefined) expect(statuses[1]).toBe('503');
    expect(s.sink?.messages.map((m) => m.to)).toEqual([['pipelined@example.com']]);
  });
});
