/**
 * `createQueueWorker`: the consumer side of the send queue (`authmail
 * worker`). Each job goes through the same mailer as a direct send (render,
 * transport, the retry rules within one delivery), with the job's Message-ID
 * and a signal that fires at its `notAfter`. Outcomes:
 *
 *   accepted by the transport            → delivered (kept `keepDelivered` with the answer)
 *   transient SendError (retryable)      → retried by BullMQ after 1 s, 2 s, 4 s … up to `retry.max`
 *                                          (or the provider's Retry-After), never past notAfter
 *   permanent failure (refused, bad data) → failed for good, kept `keepFailed` with its reason
 *   picked up, or still failing, at notAfter → dropped as expired: never delivered late
 *
 * A worker that dies mid-delivery leaves its jobs locked until `lockDuration`
 * passes; then another worker takes them (BullMQ's stalled-job check). If the
 * dead worker's transport had already accepted an email, it is delivered
 * again with the same Message-ID: the documented worst case of "at least once".
 */
import type { Job, MinimalJob, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { SendError } from '../core/errors.ts';
import { describeRedisError, isDisconnectedMessage } from '../core/redis.ts';
import type { Mailer } from '../mail/mailer.ts';
import { maskAddress, maskAddresses } from '../mail/mask.ts';
import { jobMessageId, type QueuedEmail, queuedEmailSchema } from './job.ts';
import { bullConnection, connectQueueRedis, queueSettings } from './queue.ts';
import type { QueueConfigInput } from './schema.ts';
import { countOutcome, type Outcome, outcomesKey } from './stats.ts';

export type WorkerLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type WorkerLog = (level: WorkerLogLevel, event: string, fields: Record<string, unknown>) => void;

export interface QueueWorkerOptions extends QueueConfigInput {
  /** Delivers each job (`createMailerFromConfig`, or `createMailer`). */
  mailer: Mailer;
  /** One line per job outcome and per Redis outage (never variables). */
  log?: WorkerLog | undefined;
  /** How long the first connection may take (default 5 s). */
  connectTimeout?: number | undefined;
}

export interface QueueWorker {
  readonly concurrency: number;
  /** Stops taking jobs, lets the ones in progress finish, closes the connections and the transport. */
  close(): Promise<void>;
}

/** Thrown inside a job for a failure that retrying cannot mend (BullMQ then keeps the job as failed). */
async function permanent(reason: string): Promise<never> {
  const { UnrecoverableError } = await import('bullmq');
  throw new UnrecoverableError(reason);
}

/** Wait before retry n (1-based): doubling from `initial`, at most `max`, ±10 % so workers spread out. */
export function retryDelay(n: number, retry: { initial: number; max: number }, random = Math.random): number {
  const base = Math.min(retry.max, retry.initial * 2 ** Math.max(0, n - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}

const masked = (to: QueuedEmail['send']['to']) => maskAddress(typeof to === 'string' ? to : to.address);

export async function createQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { mailer, log = () => undefined, connectTimeout = 5_000, ...section } = options;
  const settings = queueSettings(section);
  const redis: Redis = await connectQueueRedis(settings.redis, connectTimeout, 'worker');
  const key = outcomesKey(settings.prefix, settings.name);
  const count = (outcome: Outcome) => countOutcome(redis, key, outcome).catch(() => undefined);

  const processor = async (job: Job) => {
    const parsed = queuedEmailSchema.safeParse(job.data);
    if (!parsed.success) {
      await count('failed');
      log('error', 'queue-failed', { job: job.id, reason: 'the job holds no email this worker can read' });
      return permanent('UNREADABLE: the job holds no email this version of authmail can read');
    }
    const { send, notAfter } = parsed.data as QueuedEmail;
    const fields = { job: job.id, template: send.template, to: masked(send.to), attempt: job.attemptsMade + 1 };
    const left = notAfter - Date.now();
    if (left <= 0) {
      await count('expired');
      log('warn', 'queue-expired', { ...fields, notAfter: new Date(notAfter).toISOString() });
      return permanent(`EXPIRED: not delivered by ${new Date(notAfter).toISOString()}; dropped, never sent late`);
    }
    const signal = AbortSignal.timeout(left);
    const messageId = jobMessageId(String(job.id), mailer.from.address);
    try {
      const result = await mailer.send({ ...send, messageId, signal });
      await count('delivered');
      log('info', 'queue-delivered', {
        ...fields,
        messageId,
        locale: result.locale,
        transport: result.transport,
        waitedMs: Date.now() - job.timestamp,
      });
      return { messageId, accepted: result.accepted, locale: result.locale, response: result.response };
    } catch (error) {
      if (signal.aborted) {
        await count('expired');
        log('warn', 'queue-expired', { ...fields, notAfter: new Date(notAfter).toISOString() });
        return permanent(`EXPIRED: still not delivered at ${new Date(notAfter).toISOString()}; dropped`);
      }
      if (error instanceof SendError && error.retryable) {
        await count('retried');
        log('warn', 'queue-retry', { ...fields, error: { code: error.code, message: maskAddresses(error.message) } });
        throw error;
      }
      const code = (error as { code?: string }).code ?? 'INTERNAL_ERROR';
      const message = (error as Error).message ?? String(error);
      await count('failed');
      log('error', 'queue-failed', { ...fields, error: { code, message: maskAddresses(message) } });
      return permanent(`${code}: ${message}`);
    }
  };

  const { Worker } = await import('bullmq');
  const worker: Worker = new Worker(settings.name, processor, {
    prefix: settings.prefix,
    connection: bullConnection(settings.redis, { connectionName: 'authmail-worker' }),
    concurrency: settings.concurrency,
    lockDuration: settings.lockDuration,
    stalledInterval: settings.lockDuration,
    // A job whose worker died is taken again, however often that happens before its notAfter.
    maxStalledCount: 1_000,
    autorun: false,
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, error?: Error, job?: MinimalJob) => {
        const wait = Math.max(
          retryDelay(attemptsMade, settings.retry),
          error instanceof SendError ? (error.retryAfterMs ?? 0) : 0,
        );
        // The last retry comes at notAfter, where the job is dropped and counted.
        const notAfter = (job?.data as QueuedEmail | undefined)?.notAfter;
        return notAfter === undefined ? wait : Math.max(0, Math.min(wait, notAfter - Date.now()));
      },
    },
  });

  // One line per Redis outage, naming its cause; BullMQ reconnects by itself.
  let outage: string | undefined;
  const onRedisError = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (isDisconnectedMessage(message) && outage !== undefined) return;
    const reason = describeRedisError(error, settings.redis).message;
    if (reason !== outage) log('error', 'queue-redis', { status: 'unavailable', reason });
    outage = reason;
  };
  worker.on('error', onRedisError);
  redis.on('error', onRedisError);
  redis.on('ready', () => {
    if (outage === undefined) return;
    outage = undefined;
    log('info', 'queue-redis', { status: 'recovered' });
  });

  void worker.run();
  await worker.waitUntilReady();
  log('info', 'queue-worker', {
    queue: settings.name,
    concurrency: settings.concurrency,
    transport: mailer.transport.name,
  });

  return {
    concurrency: settings.concurrency,
    async close() {
      await worker.close();
      await mailer.close();
      redis.disconnect();
    },
  };
}
