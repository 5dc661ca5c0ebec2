/**
 * The request steps of `authmail serve`, each on its own (src/serve): the
 * Authorization refusal, the answers before any body is read, and the raw
 * reply to a request Node could not parse or receive in time.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAuthorizer, unauthorized } from '../../src/serve/auth.ts';
import { answerClientError } from '../../src/serve/client-error.ts';
import { earlyOutcome } from '../../src/serve/early.ts';

const withAuthorization = (...values: string[]) =>
  ({ headersDistinct: values.length ? { authorization: values } : {} }) as unknown as IncomingMessage;

describe('unauthorized', () => {
  const authorizer = createAuthorizer('Bearer s3cret-token-of-the-test');

  it('lets the configured header through', () => {
    expect(unauthorized(withAuthorization('Bearer s3cret-token-of-the-test'), authorizer)).toBeUndefined();
  });

  it('answers 401 with the scheme, saying whether the header is missing, wrong or repeated', () => {
    const refusals = [
      withAuthorization(),
      withAuthorization('Bearer nope'),
      withAuthorization('Bearer s3cret-token-of-the-test', 'Bearer s3cret-token-of-the-test'),
    ].map((req) => unauthorized(req, authorizer));
    expect(refusals.map((r) => [r?.status, r?.headers?.['www-authenticate'], r?.log])).toEqual([
      [401, 'Bearer realm="authmail"', { error: { code: 'UNAUTHORIZED', header: 'missing' } }],
      [401, 'Bearer realm="authmail"', { error: { code: 'UNAUTHORIZED', header: 'wrong' } }],
      [401, 'Bearer realm="authmail"', { error: { code: 'UNAUTHORIZED', header: 'repeated' } }],
    ]);
    expect(refusals[2]?.body).toMatchObject({
      error: { message: 'The Authorization header is repeated; send it once.' },
    });
  });
});

describe('earlyOutcome', () => {
  it('answers another path 404, another method 405 (Allow: POST), a closing server 503, else nothing', () => {
    expect(earlyOutcome('POST', '/other', '/email', false)).toMatchObject({ status: 404 });
    expect(earlyOutcome('GET', '/email', '/email', false)).toMatchObject({ status: 405, headers: { allow: 'POST' } });
    expect(earlyOutcome('POST', '/email', '/email', true)).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
    });
    expect(earlyOutcome('POST', '/email', '/email', false)).toBeUndefined();
  });
});

describe('answerClientError', () => {
  const socket = (writable = true) => {
    const written: string[] = [];
    const s = { writable, destroyed: false, end: (b: string) => written.push(b), destroy: () => (s.destroyed = true) };
    return { socket: s as unknown as Socket & { destroyed: boolean }, written };
  };
  const error = (code: string) => Object.assign(new Error(code), { code });

  it('writes 408, 431 or 400 as JSON with Connection: close', () => {
    for (const [code, status, reason] of [
      ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'Request Timeout'],
      ['HPE_HEADER_OVERFLOW', 431, 'Request Header Fields Too Large'],
      ['HPE_INVALID_METHOD', 400, 'Bad Request'],
    ] as const) {
      const { socket: s, written } = socket();
      expect(answerClientError(error(code), s, 5_000)?.status).toBe(status);
      expect(written[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} ${reason}\\r\\n`));
      expect(written[0]).toContain('connection: close\r\n\r\n{"ok":false,"error":{"code":');
    }
  });

  it('only destroys a socket the client reset or that cannot be written', () => {
    const reset = socket();
    expect(answerClientError(error('ECONNRESET'), reset.socket, 5_000)).toBeUndefined();
    expect([reset.socket.destroyed, reset.written]).toEqual([true, []]);
    const gone = socket(false);
    expect(answerClientError(error('HPE_INVALID_METHOD'), gone.socket, 5_000)).toBeUndefined();
  });
});
