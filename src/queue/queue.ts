/**
 * `createQueue`: the producer side of the send queue. `queue.send(…)` checks
 * the email as a direct send would (recipient, headers, and with the bundle
 * the variables and the locale), then adds one job to BullMQ on Redis and
 * resolves once Redis holds it; `authmail worker` delivers it. A job has a
 * deadline (`notAfter`, default: the code's lifetime) after which it is
 * dropped, never delivered late; an idempotency key makes a repeated send
 * within `idempotencyWindow` the first job again.
 *
 * Guarantee: at least once, deduplicated by key when queued and recognisable
 * by Message-ID when delivered (docs/serve.md "The send queue").
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AuthmailError, ConfigError } from '../core/errors.ts';
import { describeRedisError, firstConnection, isDisconnectedMessage, type RedisError } from '../core/redis.ts';
import { zodIssues } from '../core/schema.ts';
import { type MailerDefaults, prepareSend } from '../mail/mailer.ts';
import { maskAddress } from '../mail/mask.ts';
import { checkHeaders, parseMailbox } from '../mail/message.ts';
import type { Bundle } from '../runtime/bundle.ts';
import type { QueuedEmail, QueuedSend } from './job.ts';
import { type QueueConfig, type QueueConfigInput, queueConfigSchema } from './schema.ts';
import { outcomesKey, type QueueStats, readStats } from './stats.ts';

export interface QueueOptions extends QueueConfigInput {
  /**
   * The compiled templates: each send is rendered once when queued, so a missing or malformed variable,
   * an unknown template or locale is refused at once instead of failing in a worker (recommended).
   */
  bundle?: Bundle | undefined;
  /** `send.defaults` (locale, variables), as the workers' mailer applies them. */
  defaults?: MailerDefaults | undefined;
  /** How long the first connection may take (default 5 s). */
  connectTimeout?: number | undefined;
}

export interface QueueSendOptions {
  /**
   * The same key within `idempotencyWindow` gives the job already queued (nothing is added): a caller's
   * retry of one request sends one email. Any string up to 256 characters (stored hashed).
   */
  idempotencyKey?: string | undefined;
  /** Drop the email if it is not delivered by then (default: now + its code's lifetime, else `maxAge`). */
  notAfter?: Date | number | undefined;
}

export interface QueuedResult {
  /** The job's id (a UUID); the Message-ID of its email is `<id@sender-domain>`. */
  id: string;
  /** A job with this idempotency key was queued already: `id` is that job's. */
  duplicate: boolean;
  /** Epoch ms after which the job is dropped. */
  notAfter: number;
}

export interface EmailQueue {
  readonly name: string;
  /** Checks the email and queues it; resolves once Redis holds the job. */
  send(email: QueuedSend, options?: QueueSendOptions): Promise<QueuedResult>;
  stats(): Promise<QueueStats>;
  /** The most recent failed or dropped jobs, newest first, with their reason (recipient masked). */
  failures(limit?: number): Promise<QueueFailure[]>;
  close(): Promise<void>;
}

export interface QueueFailure {
  id: string;
  template: string;
  /** Masked (`m***@example.com`). */
  to: string;
  /** `EXPIRED: …`, `REJECTED: …`, `MISSING_VARIABLE: …` */
  reason: string;
  attempts: number;
  queuedAt: string;
  failedAt: string | undefined;
}

const MINUTE = 60_000;

/** The code's lifetime in ms: the send's `expiresInMinutes`, else the template's declared default. */
function codeLifetime(bundle: Bundle | undefined, send: QueuedSend, variables: Record<string, unknown>) {
  const given = Number(variables.expiresInMinutes);
  if (Number.isInteger(given) && given > 0) return given * MINUTE;
  const field = bundle?.manifest.templates[send.template]?.variables.find((f) => f.path === 'expiresInMinutes');
  return field?.default !== undefined ? field.default * MINUTE : undefined;
}

/** Parses queue options as the config section does: one error naming every bad key. */
export function queueSettings(options: QueueConfigInput): QueueConfig {
  const parsed = queueConfigSchema.safeParse(options);
  if (!parsed.success) throw new ConfigError('queue options', zodIssues(parsed.error));
  return parsed.data;
}

/** Connects to the queue's Redis, or throws a `RedisError` naming why it cannot. */
export async function connectQueueRedis(url: string, timeoutMs: number, role: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    connectionName: `authmail-${role}`,
    lazyConnect: true,
    // A producer fails fast while Redis is away: the caller learns at once that nothing was queued.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
  });
  const waited = firstConnection(client, url, timeoutMs);
  client.connect().catch(() => undefined);
  const failure = await waited;
  if (failure) {
    client.disconnect();
    throw failure;
  }
  return client;
}

/** BullMQ's connection options for the queue's Redis URL. */
export const bullConnection = (url: string, extra: Record<string, unknown> = {}) => ({ url, ...extra });

export async function createQueue(options: QueueOptions): Promise<EmailQueue> {
  const { bundle, defaults = {}, connectTimeout = 5_000, ...section } = options;
  const settings = queueSettings(section);
  const redis = await connectQueueRedis(settings.redis, connectTimeout, 'producer');
  // ioredis fails commands with "Connection is closed" while away; the last error event says why.
  let cause: RedisError | undefined;
  redis.on('error', (error) => {
    cause = describeRedisError(error, settings.redis);
  });
  redis.on('ready', () => {
    cause = undefined;
  });
  const { Queue } = await import('bullmq');
  const queue: Queue = new Queue(settings.name, {
    prefix: settings.prefix,
    connection: bullConnection(settings.redis, { enableOfflineQueue: false, connectionName: 'authmail-producer' }),
  });
  // BullMQ reports connection trouble as events; the send that meets it throws the named cause.
  queue.on('error', (error) => {
    cause = describeRedisError(error, settings.redis);
  });
  const key = outcomesKey(settings.prefix, settings.name);

  return {
    name: settings.name,
    async send(email, sendOptions = {}) {
      const now = Date.now();
      // Everything a direct send checks before its first attempt.
      let variables: Record<string, unknown>;
      if (bundle) {
        variables = prepareSend(bundle, defaults, email).variables;
      } else {
        parseMailbox(email?.to, 'to');
        checkHeaders(email.headers);
        variables = { ...defaults.variables, ...(email.variables ?? {}) };
      }
      const lifetime = codeLifetime(bundle, email, variables) ?? settings.maxAge;
      const notAfter =
        sendOptions.notAfter === undefined
          ? now + Math.min(lifetime, settings.maxAge)
          : new Date(sendOptions.notAfter).getTime();
      if (!Number.isFinite(notAfter) || notAfter <= now) {
        throw new AuthmailError(
          'INVALID_INPUT',
          `notAfter must be a time in the future, got ${String(sendOptions.notAfter)}`,
        );
      }
      const idempotencyKey = sendOptions.idempotencyKey;
      if (
        idempotencyKey !== undefined &&
        (typeof idempotencyKey !== 'string' || idempotencyKey.length < 1 || idempotencyKey.length > 256)
      ) {
        throw new AuthmailError('INVALID_INPUT', 'idempotencyKey must be a string of 1–256 characters');
      }
      const data: QueuedEmail = { v: 1, send: { ...email }, notAfter, queuedAt: now };
      const id = randomUUID();
      try {
        const job = await queue.add('send', data, {
          jobId: id,
          // Attempts are bounded by notAfter, not by a count; the worker's backoff spaces them.
          attempts: 100_000,
          backoff: { type: 'authmail' },
          removeOnComplete: { age: Math.ceil(settings.keepDelivered / 1000) },
          removeOnFail: { age: Math.ceil(settings.keepFailed / 1000) },
          ...(idempotencyKey !== undefined
            ? {
                deduplication: {
                  id: createHash('sha256').update(idempotencyKey).digest('hex'),
                  ttl: settings.idempotencyWindow,
                },
              }
            : {}),
        });
        const jobId = job.id ?? id;
        if (jobId === id) return { id, duplicate: false, notAfter };
        const first = await queue.getJob(jobId);
        return { id: jobId, duplicate: true, notAfter: (first?.data as QueuedEmail | undefined)?.notAfter ?? notAfter };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw cause && isDisconnectedMessage(message) ? cause : describeRedisError(error, settings.redis);
      }
    },
    stats: () => readStats(queue, redis, key),
    async failures(limit = 20) {
      const jobs = await queue.getJobs(['failed'], 0, Math.max(0, limit - 1), false);
      return jobs.map((job) => {
        const data = job.data as Partial<QueuedEmail> | undefined;
        const to = data?.send?.to;
        return {
          id: String(job.id),
          template: data?.send?.template ?? '?',
          to: to === undefined ? '***' : maskAddress(typeof to === 'string' ? to : to.address),
          reason: job.failedReason ?? '',
          attempts: job.attemptsMade,
          queuedAt: new Date(job.timestamp).toISOString(),
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : undefined,
        };
      });
    },
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
