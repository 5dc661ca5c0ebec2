/**
 * Redis as authmail reaches it (shared rate limits, the send queue): where a
 * URL points without its password, and what a connection failure means in
 * one sentence. ioredis reports the cause as an `error` event and then fails
 * every command with "Connection is closed" or "Stream isn't writeable"; the
 * cause is what an operator needs (a wrong password, a port nobody listens
 * on, a certificate the client does not trust), so callers keep the last
 * event and describe it here. Never includes the password.
 */
import { AuthmailError } from './errors.ts';

export type RedisFailure = 'auth' | 'unreachable' | 'tls' | 'timeout' | 'other';

/** A Redis that cannot be used, named: what failed and where (no password). */
export class RedisError extends AuthmailError {
  readonly failure: RedisFailure;
  readonly target: string;
  constructor(failure: RedisFailure, target: string, message: string) {
    super('REDIS_FAILED', message);
    this.failure = failure;
    this.target = target;
  }
}

/** `redis://:pw@host:6379/0` → `redis://host:6379/0` (what logs may show). */
export function redisTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'redis (unparsable URL)';
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|EPROTO$)/;

/** One sentence for a connection or command failure of the Redis at `url`. */
export function describeRedisError(error: unknown, url: string): RedisError {
  const target = redisTarget(url);
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const reply = /^([A-Z]+)\b/.exec(message)?.[1] ?? '';
  if (reply === 'WRONGPASS' || reply === 'NOAUTH' || /invalid password/i.test(message)) {
    const why =
      reply === 'NOAUTH' ? 'requires a password and the URL has none' : 'refused the user name or password in the URL';
    return new RedisError('auth', target, `Redis at ${target} ${why} (${reply || 'AUTH'})`);
  }
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) {
    return new RedisError('tls', target, `TLS to Redis at ${target} failed: ${message}${code ? ` (${code})` : ''}`);
  }
  if (code === 'ECONNREFUSED') {
    return new RedisError('unreachable', target, `Redis at ${target} refused the connection (is it running there?)`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new RedisError('unreachable', target, `Redis host of ${target} was not found (${code})`);
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return new RedisError('timeout', target, `Redis at ${target} did not answer in time (${code || 'timeout'})`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new RedisError('unreachable', target, `Redis at ${target} could not be reached (${code})`);
  }
  return new RedisError('other', target, `Redis at ${target}: ${message}`);
}

/** Messages ioredis gives every command while disconnected; they say nothing about why. */
export const isDisconnectedMessage = (message: string) =>
  /Connection is closed|Stream isn't writeable|enableOfflineQueue|Connection in subscriber mode|MaxRetriesPerRequest/i.test(
    message,
  );

/** What `firstConnection` needs of a client (ioredis's `Redis`). */
interface RedisLike {
  readonly status: string;
  on(event: 'error' | 'ready', listener: (error?: unknown) => void): unknown;
  off(event: 'error' | 'ready', listener: (error?: unknown) => void): unknown;
}

/**
 * Waits for a client's first connection: `undefined` once it is ready, else the named failure — at once
 * for a failure that waiting cannot mend (a refused password, TLS), after `timeoutMs` for the others.
 */
export function firstConnection(client: RedisLike, url: string, timeoutMs: number): Promise<RedisError | undefined> {
  if (client.status === 'ready') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let last: RedisError | undefined;
    const finish = (result: RedisError | undefined) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      resolve(result);
    };
    const onReady = () => finish(undefined);
    const onError = (error: unknown) => {
      last = describeRedisError(error, url);
      if (last.failure === 'auth' || last.failure === 'tls') finish(last);
    };
    const timer = setTimeout(
      () =>
        finish(
          last ??
            new RedisError(
              'timeout',
              redisTarget(url),
              `Redis at ${redisTarget(url)} did not answer in ${timeoutMs} ms`,
            ),
        ),
      timeoutMs,
    );
    client.on('ready', onReady);
    client.on('error', onError);
  });
}
