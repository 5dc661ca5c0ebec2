/** The rate limiter `serve.rateLimit` configures: in Redis when configured (loaded only then), else in memory. */
import type { ServeLogger } from './log.ts';
import type { ServeMetrics } from './metrics.ts';
import { createRateLimiter } from './rate-limit.ts';
import type { ServeConfig } from './schema.ts';

export async function limiterFor(settings: ServeConfig, logger: ServeLogger, metrics: ServeMetrics | undefined) {
  const { redis, onStoreError, recipient, domain, ip, recipientKeys } = settings.rateLimit;
  if (!redis) return createRateLimiter(settings.rateLimit);
  const { createRedisRateLimiter } = await import('./rate-limit-redis.ts');
  return createRedisRateLimiter({
    url: redis,
    recipient,
    domain,
    ip,
    recipientKeys,
    onStoreError,
    onStoreFailure: () => metrics?.storeError(),
    onStoreEvent: (event, reason) =>
      event === 'unavailable'
        ? logger.log('error', 'rate-limit-store', { status: 'unavailable', reason, onStoreError })
        : logger.log('info', 'rate-limit-store', { status: 'recovered' }),
  });
}
