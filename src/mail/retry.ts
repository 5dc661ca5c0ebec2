/**
 * Delivery semantics: each attempt gets its own timeout, all attempts share
 * one deadline (an auth code is useless after a few minutes), and only
 * transient failures are retried, after an exponential backoff with jitter
 * or the peer's `Retry-After`. The first success ends the loop, so one
 * `send()` never delivers twice after a success; every failure ends in a
 * `SendError`, never in silence.
 */

import { SendError } from '../core/errors.ts';
import { classifyNetworkError } from './classify.ts';
import type { Log } from './transport.ts';

export interface BackoffOptions {
  /** Delay after the first failure, ms. */
  initial: number;
  /** Upper bound of one delay, ms. */
  max: number;
  /** Growth per attempt. */
  factor: number;
}

export interface DeliveryOptions {
  /** Time one attempt may take, ms. */
  attemptTimeout: number;
  /** Time all attempts and waits together may take, ms. */
  deadline: number;
  /** Attempts at most (1 = no retry). */
  maxAttempts: number;
  backoff: BackoffOptions;
}

export const DEFAULT_DELIVERY: DeliveryOptions = Object.freeze({
  attemptTimeout: 10_000,
  deadline: 30_000,
  maxAttempts: 5,
  backoff: Object.freeze({ initial: 500, max: 5_000, factor: 2 }),
});

export type DeliveryInput = Partial<Omit<DeliveryOptions, 'backoff'>> & { backoff?: Partial<BackoffOptions> };

/**
 * The delivery rules with defaults filled in. A default never contradicts a value the caller set: an
 * unset attempt timeout is at most the deadline, an unset first backoff at most the backoff maximum.
 */
export function deliveryOptions(input: DeliveryInput = {}): DeliveryOptions {
  const deadline = input.deadline ?? DEFAULT_DELIVERY.deadline;
  const max = input.backoff?.max ?? DEFAULT_DELIVERY.backoff.max;
  return {
    attemptTimeout: input.attemptTimeout ?? Math.min(DEFAULT_DELIVERY.attemptTimeout, deadline),
    deadline,
    maxAttempts: input.maxAttempts ?? DEFAULT_DELIVERY.maxAttempts,
    backoff: {
      initial: input.backoff?.initial ?? Math.min(DEFAULT_DELIVERY.backoff.initial, max),
      max,
      factor: input.backoff?.factor ?? DEFAULT_DELIVERY.backoff.factor,
    },
  };
}

/** Delay after failed attempt `attempt` (1-based): exponential, capped, "equal jitter" (half fixed, half random). */
export function backoffDelay(attempt: number, backoff: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(backoff.max, backoff.initial * backoff.factor ** (attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

export interface DeliverContext {
  transport: string;
  delivery: DeliveryOptions;
  /** The caller's signal: aborts the current attempt and stops retrying. */
  signal?: AbortSignal | undefined;
  log?: Log | undefined;
  messageId?: string | undefined;
  random?: () => number;
  /** Waits for a connection before each attempt (a pooled transport); bounded by the deadline, not the attempt timeout. */
  acquire?: ((signal: AbortSignal) => Promise<() => void>) | undefined;
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);

class AttemptTimeout extends Error {}

/** Waits for `promise` unless `signal` aborts first (a transport that ignores its signal cannot stall the mailer). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, fails permanently, runs out of attempts,
 * or the deadline leaves no time for the next one.
 */
export async function deliver<T>(
  attemptFn: (signal: AbortSignal, attempt: number) => Promise<T>,
  ctx: DeliverContext,
): Promise<{ result: T; attempts: number }> {
  const { delivery, transport, signal, log, messageId } = ctx;
  const deadlineAt = Date.now() + delivery.deadline;
  const final = (failure: SendError, attempts: number, note: string) =>
    new SendError({
      code: failure.code,
      transport,
      retryable: failure.retryable,
      status: failure.status,
      retryAfterMs: failure.retryAfterMs,
      detail: failure.detail,
      attempts,
      messageId,
      message: `${transport}: ${failure.message} (${note})`,
    });
  const aborted = (attempts: number) =>
    new SendError({
      code: 'ABORTED',
      transport,
      retryable: false,
      attempts,
      messageId,
      message: `${transport}: sending was aborted by the caller after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
    });

  /** A connection for the next attempt, waiting at most until the deadline. */
  const acquire = async (attempt: number): Promise<(() => void) | undefined> => {
    if (!ctx.acquire) return undefined;
    const wait = AbortSignal.any([
      AbortSignal.timeout(Math.max(0, deadlineAt - Date.now())),
      ...(signal ? [signal] : []),
    ]);
    try {
      return await ctx.acquire(wait);
    } catch {
      if (signal?.aborted) throw aborted(attempt - 1);
      const waited = new SendError({
        code: 'TIMEOUT',
        transport,
        retryable: true,
        message: `no connection became free within the ${seconds(delivery.deadline)} deadline`,
      });
      throw final(waited, attempt - 1, `${attempt - 1} attempt${attempt === 2 ? '' : 's'}`);
    }
  };

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted(attempt - 1);
    const release = await acquire(attempt);
    const budget = Math.min(delivery.attemptTimeout, deadlineAt - Date.now());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), Math.max(0, budget));
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    let failure: SendError;
    try {
      const result = await untilAborted(
        Promise.resolve().then(() => attemptFn(controller.signal, attempt)),
        controller.signal,
      );
      return { result, attempts: attempt };
    } catch (error) {
      if (signal?.aborted) throw aborted(attempt);
      if (controller.signal.aborted && controller.signal.reason instanceof AttemptTimeout) {
        const byDeadline = budget < delivery.attemptTimeout;
        failure = new SendError({
          code: 'TIMEOUT',
          transport,
          retryable: true,
          message: byDeadline
            ? `attempt ${attempt} was cut off by the ${seconds(delivery.deadline)} deadline`
            : `attempt ${attempt} timed out after ${seconds(delivery.attemptTimeout)}`,
        });
      } else if (error instanceof SendError) {
        failure = error;
      } else {
        const c = classifyNetworkError(error);
        failure = new SendError({
          ...c,
          transport,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
      release?.();
    }

    const tries = `${attempt} attempt${attempt === 1 ? '' : 's'}`;
    if (!failure.retryable) throw final(failure, attempt, `permanent failure, ${tries}`);
    if (attempt >= delivery.maxAttempts) throw final(failure, attempt, `gave up after ${tries}`);
    const backoff = backoffDelay(attempt, delivery.backoff, ctx.random);
    const delay = failure.retryAfterMs === undefined ? backoff : Math.max(failure.retryAfterMs, backoff);
    const left = deadlineAt - Date.now();
    if (delay >= left) {
      const why =
        failure.retryAfterMs !== undefined && failure.retryAfterMs >= left
          ? `the peer asked to retry after ${seconds(failure.retryAfterMs)}, past the ${seconds(delivery.deadline)} deadline`
          : `no time left before the ${seconds(delivery.deadline)} deadline`;
      throw final(failure, attempt, `${why}, ${tries}`);
    }
    log?.({
      level: 'warn',
      message: `${transport}: attempt ${attempt} failed (${failure.code}${failure.status ? ` ${failure.status}` : ''}): ${failure.message}; retrying in ${seconds(delay)}${failure.retryAfterMs !== undefined ? ' (Retry-After)' : ''}`,
      transport,
      messageId,
      attempt,
      delayMs: delay,
      code: failure.code,
    });
    try {
      await sleep(delay, signal);
    } catch {
      throw aborted(attempt);
    }
  }
}
