/**
 * What a queue holds and what became of its jobs, for `/metrics` and the
 * worker's logs: jobs per state and the oldest one's age from BullMQ, and the
 * outcomes the workers count in one Redis hash beside the queue's keys
 * (delivered, failed for good, dropped as expired, retried), so every
 * producer sees every worker's counts.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const OUTCOMES = ['delivered', 'failed', 'expired', 'retried'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface QueueStats {
  /** Jobs waiting for a worker, being delivered, and waiting to be retried. */
  waiting: number;
  active: number;
  delayed: number;
  /** Failed and dropped jobs still kept (`keepFailed`). */
  failed: number;
  /** Age of the oldest job not yet done, ms (0 when none). */
  oldestAgeMs: number;
  /** Totals since the queue was made. */
  outcomes: Record<Outcome, number>;
}

/** The Redis hash of one queue's outcome counts (in the queue's hash slot). */
export const outcomesKey = (prefix: string, name: string) => `${prefix}:${name}:authmail-outcomes`;

export async function countOutcome(redis: Redis, key: string, outcome: Outcome): Promise<void> {
  await redis.hincrby(key, outcome, 1);
}

export async function readStats(queue: Queue, redis: Redis, key: string, now = Date.now()): Promise<QueueStats> {
  const [counts, first, retrying, raw] = await Promise.all([
    queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'),
    // The oldest of each first-in-first-out state (BullMQ ranges each type on its own)…
    queue.getJobs(['waiting', 'prioritized', 'active'], 0, 0, true),
    // …and of the first retries: delayed jobs are ordered by when they run next, not by age.
    queue.getJobs(['delayed'], 0, 99, true),
    redis.hgetall(key),
  ]);
  const oldest = Math.min(...[...first, ...retrying].map((job) => job.timestamp ?? now), now);
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, Number(raw[o] ?? 0)])) as Record<Outcome, number>;
  return {
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    oldestAgeMs: Math.max(0, now - oldest),
    outcomes,
  };
}
