/**
 * What every exporter push client implements: the requests one template
 * needs (as the dry run writes them) and the upsert itself. An upsert looks
 * the template up by its stable name, compares content hashes, and then
 * creates it, adds a new active version (or replaces the content where the
 * provider keeps no versions), or leaves it alone — so a second push changes
 * nothing.
 */
import { createHash } from 'node:crypto';
import { SendError } from '../core/errors.ts';
import type { ExportedTemplate } from '../hosted/types.ts';
import type { ApiClient, ApiRequest, DescribedRequest } from '../mail/api.ts';
import { type DeliveryOptions, deliver } from '../mail/retry.ts';
import type { Log } from '../mail/transport.ts';

export interface PushTemplate extends ExportedTemplate {
  /** SHA-256 (hex) of what the provider stores: subject, HTML, text, declared variables. */
  readonly hash: string;
}

/** The content hash of an exported template (`text` null where the provider stores none). */
export function contentHash(content: {
  subject: string;
  html: string;
  text?: string | undefined | null;
  variables?: readonly string[] | undefined;
  fallbacks?: Readonly<Record<string, string>> | undefined;
}): string {
  const parts: unknown[] = [content.subject, content.html, content.text ?? null, [...(content.variables ?? [])].sort()];
  // Resend's fallback values are content too (older hashes had none: unchanged where there are none).
  const fallbacks = Object.entries(content.fallbacks ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  if (fallbacks.length) parts.push(fallbacks);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The short form stored with a template where the provider has a field for it (SendGrid version name, Mailgun tag). */
export const shortHash = (hash: string) => hash.slice(0, 12);

export interface PushPlan {
  /** How the push finds the template (its existing state). */
  lookup: DescribedRequest[];
  /** The requests when the template does not exist yet. */
  create: DescribedRequest[];
  /** The requests when it exists with other content. */
  update: DescribedRequest[];
}

/** The plan of a push that looks a template up, creates it and updates it with one request each. */
export const oneRequestEach =
  (client: Pick<ApiClient, 'describe'>, requests: Record<keyof PushPlan, (t: PushTemplate) => ApiRequest>) =>
  (t: PushTemplate): PushPlan => ({
    lookup: [client.describe(requests.lookup(t))],
    create: [client.describe(requests.create(t))],
    update: [client.describe(requests.update(t))],
  });

export type PushOutcome = 'created' | 'updated' | 'unchanged';

export interface PushResult {
  outcome: PushOutcome;
  /** The provider's id for the template. */
  id?: string | undefined;
  /** What was done, for the summary (`version 3f2a…`). */
  detail?: string | undefined;
}

/** Runs one API call with retries of transient failures (429 with Retry-After, 5xx) under a deadline. */
export type Call = <T>(fn: (signal: AbortSignal) => Promise<T>) => Promise<T>;

export interface Pusher {
  readonly target: string;
  /** The provider's base URL. */
  readonly baseUrl: string;
  plan(template: PushTemplate): PushPlan;
  /** Upserts one template. Throws `SendError` (or `PushError`) naming what failed. */
  push(template: PushTemplate, call: Call): Promise<PushResult>;
}

/** A push step that failed after an earlier one succeeded: says what was left behind. */
export class PushError extends SendError {}

/** Wraps a failure of a later step so the summary says what is already done. */
export function afterStep(error: unknown, done: string): never {
  if (error instanceof SendError) {
    throw new PushError({
      ...error.toJSON(),
      message: `${done}, then ${error.message} (the next push completes it)`,
    });
  }
  throw error;
}

export const PUSH_DELIVERY: DeliveryOptions = {
  attemptTimeout: 30_000,
  deadline: 180_000,
  maxAttempts: 6,
  backoff: { initial: 1_000, max: 15_000, factor: 2 },
};

export function retryingCall(target: string, delivery: DeliveryOptions, log?: Log): Call {
  return async (fn) => (await deliver((signal) => fn(signal), { transport: target, delivery, log })).result;
}
