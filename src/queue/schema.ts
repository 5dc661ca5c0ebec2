/**
 * The `send.queue` section of `authmail.config.ts`: the Redis that holds the
 * queue (BullMQ), its name, and how long jobs may wait, be retried and be
 * kept. `authmail worker` delivers from it; `serve.queue` and
 * `createQueueFromConfig` add to it. Only zod: loading the config loads
 * neither BullMQ nor ioredis.
 */
import { z } from 'zod';
import { numeric } from '../core/schema.ts';

const ms = (min: number, max: number, what: string) =>
  numeric.pipe(
    z
      .number()
      .int('must be a whole number of ms')
      .min(min, `must be at least ${min} ms (${what})`)
      .max(max, `must be at most ${max} ms (${what})`),
  );

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const redisUrlSchema = z
  .string()
  .regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379/0');

export const queueConfigSchema = z
  .object({
    /** `redis://[:password@]host:port/db` or `rediss://…` (TLS). Durable with `appendonly yes` (docs/serve.md). */
    redis: redisUrlSchema,
    /** The queue's name; producers and workers of one queue use the same (default `authmail`). */
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "-" or "_"')
      .default('authmail'),
    /** Key prefix in Redis (default `{authmail}`: one hash slot, so Redis Cluster works). */
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9_:{}-]{1,64}$/, 'must be 1–64 letters, digits or "-_:{}"')
      .default('{authmail}'),
    /** Emails a worker delivers at once (default 4); `authmail worker --concurrency` overrides. */
    concurrency: numeric.pipe(z.number().int().min(1).max(256)).default(4),
    /**
     * How long an email without a code lifetime may wait before it is dropped (default 24 h). An email
     * with `expiresInMinutes` (given, or the template's default) waits at most that long.
     */
    maxAge: ms(10_000, 30 * DAY, '10 s to 30 days').default(DAY),
    /** A second send with the same idempotency key within this time is the first job (default 1 h). */
    idempotencyWindow: ms(1_000, 7 * DAY, '1 s to 7 days').default(HOUR),
    /**
     * A worker's claim on a job lasts this long without renewal (default 30 s): the jobs of a worker that
     * crashed go to another worker after about this long.
     */
    lockDuration: ms(1_000, 10 * MINUTE, '1 s to 10 minutes').default(30_000),
    /** Waits between attempts after a transient failure: doubling from `initial` up to `max`. */
    retry: z
      .object({
        /** First wait (default 1 s, or `max` when that is shorter: a default gives way to a value set). */
        initial: ms(100, 10 * MINUTE, '0.1 s to 10 minutes').optional(),
        max: ms(100, HOUR, '0.1 s to 1 h').default(5 * MINUTE),
      })
      .strict()
      .prefault({})
      .transform((r) => ({ initial: r.initial ?? Math.min(1_000, r.max), max: r.max })),
    /** Failed and dropped jobs are kept this long with their reason (default 7 days). */
    keepFailed: ms(0, 90 * DAY, 'up to 90 days').default(7 * DAY),
    /** Delivered jobs are kept this long (default 1 h): their Message-ID and the provider's answer. */
    keepDelivered: ms(0, 30 * DAY, 'up to 30 days').default(HOUR),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.retry.initial > q.retry.max) {
      ctx.addIssue({ code: 'custom', path: ['retry', 'initial'], message: 'must not exceed retry.max' });
    }
  });

export type QueueConfigInput = z.input<typeof queueConfigSchema>;
export type QueueConfig = z.output<typeof queueConfigSchema>;
