/**
 * The http transport (Logto's HTTP email connector shape, Standard Webhooks
 * signature) against a real HTTP server on 127.0.0.1.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import type { Bundle } from '../../src/runtime/index.ts';
import {
  createHttpTransport,
  createMailer,
  type DeliveryInput,
  type HttpEmailBody,
  verifyWebhook,
} from '../../src/send/index.ts';
import { collectLog, fastRetries, sendError, testBundle } from '../fixtures/send.ts';
import { closedPort } from '../fixtures/smtp.ts';

interface Captured {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: Captured, res: ServerResponse, n: number) => void;

let bundle: Bundle;
const servers: Server[] = [];

beforeAll(async () => {
  bundle = (await testBundle()).bundle;
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function receiver(handler: Handler) {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(captured);
      handler(captured, res, requests.length);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { requests, endpoint: `http://127.0.0.1:${port}/hooks/email` };
}

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const TOKEN = 'Bearer tok_live_9f8e7d6c5b4a';

function mailer(endpoint: string, delivery: DeliveryInput = fastRetries, log = collectLog()) {
  return createMailer({
    bundle,
    transport: createHttpTransport({ endpoint, authorization: TOKEN, signingSecret: SECRET }),
    from: 'Acme <no-reply@acme.example>',
    delivery,
    log: log.log,
    secrets: [TOKEN, SECRET],
  });
}

const invitation = {
  template: 'organization-invitation',
  to: 'grace@example.com',
  locale: 'de',
  ip: '203.0.113.7',
  variables: {
    link: 'https://acme.example/invite/abc',
    organization: { id: 'org_1', name: 'Northwind' },
    inviter: { id: 'u_1', name: 'Ada' },
  },
};

const reply =
  (status: number, body = '', headers: Record<string, string> = {}) =>
  (_: Captured, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };

describe('http transport', () => {
  it("posts Logto's {to, type, payload, ip} plus the rendered email, with Authorization and a valid signature", async () => {
    const r = await receiver(reply(204));
    const result = await mailer(r.endpoint).send(invitation);
    expect(r.requests).toHaveLength(1);
    const req = r.requests[0] as Captured;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks/email');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe(TOKEN);

    const body = JSON.parse(req.body) as HttpEmailBody;
    const rendered = bundle.render('organization-invitation', invitation);
    expect(body).toEqual({
      to: 'grace@example.com',
      type: 'OrganizationInvitation',
      payload: { ...invitation.variables, locale: 'de' },
      ip: '203.0.113.7',
      rendered: { subject: rendered.subject, html: rendered.html, text: rendered.text, locale: 'de' },
    });

    // Standard Webhooks: HMAC-SHA256 over "<id>.<timestamp>.<body>" with the base64-decoded secret
    const id = req.headers['webhook-id'] as string;
    const timestamp = req.headers['webhook-timestamp'] as string;
    const signature = req.headers['webhook-signature'] as string;
    expect(id).toMatch(/^msg_[0-9a-f]+$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${req.body}`).digest('base64');
    expect(signature).toBe(`v1,${expected}`);
    expect(verifyWebhook(SECRET, { id, timestamp, signature }, req.body)).toBe(true);
    expect(verifyWebhook(SECRET, { id, timestamp, signature }, req.body.replace('grace', 'mallory'))).toBe(false);

    expect(result).toMatchObject({ transport: 'http', accepted: ['grace@example.com'], attempts: 1, messageId: id });
  });

  it("uses the receiver's id when a 2xx body names one", async () => {
    const r = await receiver(reply(202, JSON.stringify({ id: 'prov_123' }), { 'content-type': 'application/json' }));
    expect((await mailer(r.endpoint).send(invitation)).messageId).toBe('prov_123');
  });

  it.each([
    [400, 'REJECTED'],
    [401, 'AUTH_FAILED'],
    [404, 'REJECTED'],
    [422, 'REJECTED'],
  ])('fails at once on %i (%s)', async (status, code) => {
    const r = await receiver(reply(status, '{"error":"no such tenant"}'));
    const e = await sendError(mailer(r.endpoint).send(invitation));
    expect(e).toMatchObject({ code, status, retryable: false, attempts: 1, transport: 'http' });
    expect(e.message).toContain(`answered ${status}`);
    expect(e.message).toContain('no such tenant');
    expect(r.requests).toHaveLength(1);
  });

  it('retries 5xx with the same webhook-id and body, then succeeds once', async () => {
    const r = await receiver((req, res, n) => reply(n === 1 ? 503 : n === 2 ? 500 : 200)(req, res));
    const result = await mailer(r.endpoint).send(invitation);
    expect(result.attempts).toBe(3);
    expect(r.requests).toHaveLength(3);
    const ids = new Set(r.requests.map((q) => q.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(r.requests.map((q) => q.body)).size).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    const r = await receiver((req, res, n) =>
      reply(n === 1 ? 429 : 200, '', n === 1 ? { 'retry-after': '1' } : {})(req, res),
    );
    const log = collectLog();
    const result = await mailer(r.endpoint, fastRetries, log).send(invitation);
    expect(result.attempts).toBe(2);
    const retry = log.events.find((e) => e.level === 'warn');
    expect(retry?.delayMs).toBeGreaterThanOrEqual(1000);
    expect(retry?.message).toMatch(/Retry-After/);
  });

  it('gives up at once when Retry-After is past the deadline', async () => {
    const r = await receiver(reply(503, 'maintenance', { 'retry-after': '120' }));
    const e = await sendError(mailer(r.endpoint, { ...fastRetries, deadline: 30_000 }).send(invitation));
    expect(e).toMatchObject({
      code: 'TEMPORARY_FAILURE',
      status: 503,
      retryable: true,
      attempts: 1,
      retryAfterMs: 120_000,
    });
    expect(e.message).toMatch(/retry after 120 s, past the 30 s deadline/);
  });

  it('times out a receiver that never answers, per attempt', async () => {
    const r = await receiver(() => {}); // never responds
    const e = await sendError(
      mailer(r.endpoint, {
        attemptTimeout: 300,
        deadline: 20_000,
        maxAttempts: 2,
        backoff: { initial: 10, max: 10 },
      }).send(invitation),
    );
    expect(e).toMatchObject({ code: 'TIMEOUT', retryable: true, attempts: 2 });
    expect(e.message).toMatch(/timed out after 300 ms/);
    expect(r.requests).toHaveLength(2);
  });

  it('stops at the total deadline', async () => {
    const r = await receiver(() => {});
    const e = await sendError(
      mailer(r.endpoint, {
        attemptTimeout: 300,
        deadline: 500,
        maxAttempts: 10,
        backoff: { initial: 10, max: 10 },
      }).send(invitation),
    );
    expect(e.code).toBe('TIMEOUT');
    expect(e.attempts).toBeLessThan(10);
  });

  it('reports a receiver that is down as a connection failure, retried', async () => {
    const port = await closedPort();
    const e = await sendError(mailer(`http://127.0.0.1:${port}/x`).send(invitation));
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true, attempts: 3, detail: 'ECONNREFUSED' });
  });

  it('does not follow redirects', async () => {
    const r = await receiver(reply(307, '', { location: 'https://elsewhere.example/hook' }));
    const e = await sendError(mailer(r.endpoint).send(invitation));
    expect(e).toMatchObject({ code: 'REJECTED', status: 307, retryable: false });
    expect(e.message).toContain('redirects are not followed');
  });

  it('never shows the token or the signing secret, even when the receiver echoes them', async () => {
    const r = await receiver((req, res) =>
      reply(400, `bad auth header ${req.headers.authorization} ${SECRET}`)(req, res),
    );
    const log = collectLog();
    const e = await sendError(mailer(r.endpoint, fastRetries, log).send(invitation));
    const everything = `${e.message}\n${JSON.stringify(e)}\n${log.text()}`;
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain('tok_live_9f8e7d6c5b4a');
    expect(everything).not.toContain(SECRET.slice(6));
  });

  it('rejects plain http to a host that is not loopback, naming the key', () => {
    expect(() => createHttpTransport({ endpoint: 'http://hooks.example.com/email' })).toThrow(ConfigError);
    expect(() => createHttpTransport({ endpoint: 'http://hooks.example.com/email' })).toThrow(
      /endpoint: http:\/\/ is only allowed to a loopback host/,
    );
    expect(() => createHttpTransport({ endpoint: 'ftp://x.example' })).toThrow(/endpoint: must be an http\(s\) URL/);
  });
});
