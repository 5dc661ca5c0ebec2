/**
 * The rate limits of `serve.rateLimit` counted in one Redis for every
 * instance (`serve.rateLimit.redis`), with the same GCRA and the same rule as
 * in memory: a request passes only when every limit allows it, and only then
 * does it count. One Lua script decides and counts all of a request's keys
 * atomically, on Redis's clock (instances' clocks may differ). ioredis runs
 * it (EVALSHA, loading the script when Redis lacks it) and reconnects by
 * itself; a library for single-key limits (rate-limiter-flexible) would take
 * one limit's count before knowing whether the other refuses.
 *
 * Keys hold no address or IP in clear: `{authmail:rl}:<limit>:<sha256>` (one
 * hash slot, so the script also runs on Redis Cluster). When Redis cannot
 * answer, `onStoreError` decides: `deny` (default; 503, an OTP flood is worse
 * than a short outage) or `allow`. The outage is logged once, and its end.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeRedisError, firstConnection, isDisconnectedMessage } from '../core/redis.ts';
import {
  configuredLimits,
  type LimitName,
  limitKeys,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitKeys,
  type RecipientKeys,
  type StoreHealth,
} from './rate-limit.ts';
import type { LimitConfig } from './schema.ts';

const GCRA_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nexts = {}
local worst, worstWait = 0, 0
for i = 1, #KEYS do
  local interval, window = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  local nxt = tat + interval
  local wait = math.ceil(nxt - window - now)
  if wait > worstWait then worst, worstWait = i, wait end
  nexts[i] = nxt
end
if worst > 0 then return {worst, worstWait} end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], tostring(nexts[i]), 'PX', tostring(math.max(1, math.ceil(nexts[i] - now))))
end
return {0, 0}
`;

export type StoreErrorPolicy = 'deny' | 'allow';

export interface RedisRateLimitOptions {
  recipient: LimitConfig | false;
  domain?: LimitConfig | false | undefined;
  ip: LimitConfig | false;
  recipientKeys?: RecipientKeys | undefined;
  /** `redis://[:password@]host:port/db` or `rediss://…` (TLS). */
  url: string;
  onStoreError: StoreErrorPolicy;
  /** Called once when the store fails (with the reason) and once when it answers again. */
  onStoreEvent?: ((event: 'unavailable' | 'recovered', reason?: string) => void) | undefined;
  /** Each decision Redis could not make (metrics). */
  onStoreFailure?: (() => void) | undefined;
  /** How long a decision may wait for Redis (default 1 s). */
  timeoutMs?: number | undefined;
  /** How long the start waits for the first connection (default 5 s). */
  connectWait?: number | undefined;
}

type GcraClient = Redis & { gcra(n: number, ...args: string[]): Promise<[number, number]> };

const hashed = (name: LimitName, key: string) =>
  `{authmail:rl}:${name}:${createHash('sha256').update(key).digest('hex')}`;

/**
 * The limiter, once Redis answered or `connectWait` ms passed (default 5 s): a server that has just
 * started must not refuse its first requests while the connection is still being made.
 */
export async function createRedisRateLimiter(options: RedisRateLimitOptions): Promise<RateLimiter> {
  const limits = new Map(configuredLimits(options));
  const redis = new Redis(options.url, {
    // Fail fast while disconnected instead of queueing requests behind the outage.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.timeoutMs ?? 1_000,
    connectTimeout: options.timeoutMs ?? 1_000,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    lazyConnect: false,
  }) as GcraClient;
  redis.defineCommand('gcra', { lua: GCRA_SCRIPT });
  // ioredis reports why a connection failed as an event, then fails each command with "Connection is
  // closed": keep the cause, so the outage is named (a wrong password, nothing listening, TLS).
  let cause: unknown;
  redis.on('error', (error) => {
    cause = error;
  });
  redis.on('ready', () => {
    cause = undefined;
  });

  // Wait for the first connection, but not for one that cannot come by waiting (a refused password, TLS).
  const unavailable = await firstConnection(redis, options.url, options.connectWait ?? 5_000);

  let outage: string | undefined;
  const failed = (error: unknown): RateLimitDecision => {
    const message = error instanceof Error ? error.message : String(error);
    const reason = describeRedisError(
      cause !== undefined && isDisconnectedMessage(message) ? cause : error,
      options.url,
    ).message;
    if (outage === undefined) options.onStoreEvent?.('unavailable', reason);
    outage = reason;
    options.onStoreFailure?.();
    return options.onStoreError === 'allow' ? { allowed: true } : { allowed: false, limit: 'store', reason };
  };
  // Not connected after the wait: say why now, not at the first request.
  if (unavailable && redis.status !== 'ready') {
    outage = unavailable.message;
    options.onStoreEvent?.('unavailable', outage);
  }

  return {
    async take(keys: RateLimitKeys): Promise<RateLimitDecision> {
      const picked = limitKeys([...limits.keys()], keys, options.recipientKeys).map(({ name, key }) => ({
        name,
        config: limits.get(name) as LimitConfig,
        key: hashed(name, key),
      }));
      if (!picked.length) return { allowed: true };
      try {
        const args = picked.flatMap((p) => [String(p.config.window / p.config.limit), String(p.config.window)]);
        const [worst, wait] = await redis.gcra(picked.length, ...picked.map((p) => p.key), ...args);
        if (outage !== undefined) {
          outage = undefined;
          options.onStoreEvent?.('recovered');
        }
        const refused = picked[worst - 1];
        if (!refused) return { allowed: true };
        return {
          allowed: false,
          limit: refused.name,
          retryAfterMs: wait,
          max: refused.config.limit,
          window: refused.config.window,
        };
      } catch (error) {
        return failed(error);
      }
    },
    // Redis expires recovered keys itself.
    sweep() {},
    size: () => ({ recipient: 0, domain: 0, ip: 0 }),
    health(): StoreHealth {
      return outage === undefined && redis.status === 'ready'
        ? { store: 'redis', status: 'ok' }
        : { store: 'redis', status: 'unavailable', ...(outage ? { reason: outage } : {}) };
    },
    async close() {
      redis.disconnect();
    },
  };
}
