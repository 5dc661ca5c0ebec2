/** The `send.queue` section: defaults, defaults that give way, errors naming the key; the retry waits. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { retryDelay } from '../../src/queue/worker.ts';
import { testBrand } from '../fixtures/brand.ts';

const parse = (queue: unknown) => parseConfig({ brand: testBrand, send: { queue } }, 'test').send.queue;

describe('send.queue', () => {
  it('is off unless configured, and has defaults for everything but the Redis URL', () => {
    expect(parseConfig({ brand: testBrand }, 'test').send.queue).toBeUndefined();
    expect(parse({ redis: 'redis://127.0.0.1:6379/0' })).toEqual({
      redis: 'redis://127.0.0.1:6379/0',
      name: 'authmail',
      prefix: '{authmail}',
      concurrency: 4,
      maxAge: 86_400_000,
      idempotencyWindow: 3_600_000,
      lockDuration: 30_000,
      retry: { initial: 1_000, max: 300_000 },
      keepFailed: 604_800_000,
      keepDelivered: 3_600_000,
    });
  });

  it('lets an unset first wait follow a shorter maximum', () => {
    expect(parse({ redis: 'redis://h', retry: { max: 500 } })?.retry).toEqual({ initial: 500, max: 500 });
    expect(() => parse({ redis: 'redis://h', retry: { initial: 2_000, max: 500 } })).toThrow(
      /send\.queue\.retry\.initial: must not exceed retry\.max/,
    );
  });

  it.each([
    [{}, /send\.queue\.redis: /],
    [{ redis: 'http://h' }, /send\.queue\.redis: must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ redis: 'redis://h', name: 'has space' }, /send\.queue\.name: must be 1–64 letters/],
    [{ redis: 'redis://h', lockDuration: 10 }, /send\.queue\.lockDuration: must be at least 1000 ms/],
    [{ redis: 'redis://h', concurrency: 0 }, /send\.queue\.concurrency: /],
    [{ redis: 'redis://h', surprise: 1 }, /send\.queue: .*surprise/],
  ])('%j → an error naming the key', (queue, message) => {
    expect(() => parse(queue)).toThrow(message);
  });

  it('serve.queue needs send.queue', () => {
    expect(() => parseConfig({ brand: testBrand, serve: { queue: true } }, 'test')).toThrow(
      /serve\.queue: is on, so send\.queue must say where the queue is/,
    );
  });
});

describe('retry waits', () => {
  it('double from the first wait up to the maximum, within ±10 %', () => {
    const retry = { initial: 1_000, max: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, retry, () => 0.5))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect(retryDelay(1, retry, () => 0)).toBe(900);
    expect(retryDelay(1, retry, () => 1)).toBe(1_100);
  });
});
