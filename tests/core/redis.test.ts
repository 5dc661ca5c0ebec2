/** Redis failures in one sentence, without the password (src/core/redis.ts). */
import { describe, expect, it } from 'vitest';
import { describeRedisError, isDisconnectedMessage, redisTarget } from '../../src/core/redis.ts';

const url = 'redis://:hunter2-password@cache.internal:6380/2';
const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('Redis failures', () => {
  it('shows where a URL points, never its password', () => {
    expect(redisTarget(url)).toBe('redis://cache.internal:6380/2');
    expect(redisTarget('rediss://user:pw@h:6379')).toBe('rediss://h:6379');
    expect(redisTarget('not a url')).toBe('redis (unparsable URL)');
  });

  it.each([
    [
      new Error('WRONGPASS invalid username-password pair or user is disabled.'),
      'auth',
      'refused the user name or password in the URL (WRONGPASS)',
    ],
    [new Error('NOAUTH Authentication required.'), 'auth', 'requires a password and the URL has none (NOAUTH)'],
    [
      errno('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6380'),
      'unreachable',
      'refused the connection (is it running there?)',
    ],
    [errno('ENOTFOUND', 'getaddrinfo ENOTFOUND cache.internal'), 'unreachable', 'was not found (ENOTFOUND)'],
    [errno('ETIMEDOUT', 'connect ETIMEDOUT'), 'timeout', 'did not answer in time (ETIMEDOUT)'],
    [
      errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'tls',
      'failed: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      errno('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      'tls',
      '(ERR_TLS_CERT_ALTNAME_INVALID)',
    ],
    [new Error('OOM command not allowed when used memory > maxmemory'), 'other', ': OOM command not allowed'],
  ])('%s → %s', (error, failure, words) => {
    const described = describeRedisError(error, url);
    expect(described.failure).toBe(failure);
    expect(described.code).toBe('REDIS_FAILED');
    expect(described.message).toContain('cache.internal:6380');
    expect(described.message).toContain(words);
    expect(described.message).not.toContain('hunter2');
  });

  it('knows the messages that hide the cause', () => {
    expect(isDisconnectedMessage('Connection is closed.')).toBe(true);
    expect(isDisconnectedMessage("Stream isn't writeable and enableOfflineQueue options is false")).toBe(true);
    expect(isDisconnectedMessage('WRONGPASS invalid')).toBe(false);
  });
});
