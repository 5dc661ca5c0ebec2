/**
 * One Logto email request, from the checked body to the answer:
 *
 *   recipient address        → 400 INVALID_ADDRESS
 *   `type` → template        → the template of that Logto type; unknown (or not in the bundle) →
 *                              `Generic`, as Logto does, or 422 UNKNOWN_TYPE with `strictTypes`
 *   locale                   → payload.locale, then payload.uiLocales, then send.defaults.locale,
 *                              then the bundle's default; a malformed locale → 400 UNKNOWN_LOCALE
 *   variables                → the runtime's validation: 400 MISSING_VARIABLE / INVALID_VARIABLE
 *                              naming the variable
 *   concurrent sends         → 503 SERVER_BUSY above `maxInFlight`
 *   rate limits              → 429 RATE_LIMITED with Retry-After (nothing sent, nothing counted)
 *   send                     → 200 once the transport accepted the message (SMTP 250 after DATA);
 *                              502 when it refused it, 503 when it was unreachable or too slow
 *
 * Everything up to the send is decided before anything leaves; the render is
 * cheap (µs), so the email is rendered once to validate and again by the mailer.
 */

import { AddressError, SendError } from '../core/errors.ts';
import { RequestError } from '../core/http.ts';
import { RedisError } from '../core/redis.ts';
import type { Mailer } from '../mail/mailer.ts';
import { parseMailbox } from '../mail/message.ts';
import type { EmailQueue } from '../queue/queue.ts';
import { AuthmailError, type Bundle, matchLocale, resolveLocale, VariableError } from '../runtime/index.ts';
import { maskAddress, maskAddresses } from './log.ts';
import type { ServeMetrics } from './metrics.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { LogtoEmailRequest } from './request.ts';

export interface Outcome {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Fields for the request's log line (never the code, the link, variables or secrets). */
  log: Record<string, unknown>;
}

export interface HandlerOptions {
  bundle: Bundle;
  mailer: Mailer;
  /** `serve.queue`: queue each email (answer once Redis holds it) instead of sending it now. */
  queue?: EmailQueue | undefined;
  limiter: RateLimiter;
  /** Counts sends, their latency and refusals (`serve.metrics`). */
  metrics?: ServeMetrics | undefined;
  strictTypes: boolean;
  /** `serve.types`: request type → template id, over the templates' own Logto types. */
  types?: Readonly<Record<string, string>> | undefined;
  maxInFlight: number;
  /** `send.defaults`: the locale when a request names none, variables under every request's. */
  defaults?: { locale?: string | undefined; variables?: Record<string, unknown> | undefined } | undefined;
}

export type AbortReason = 'timeout' | 'shutdown';

/** Why an in-flight send was cut short by the server (the AbortSignal's reason). */
export class ServeAbort extends Error {
  readonly reason: AbortReason;
  readonly after: number;
  constructor(reason: AbortReason, after: number) {
    super(reason);
    this.reason = reason;
    this.after = after;
  }
}

/** SendError codes that mean the transport refused the message or is misconfigured: 502. Others (unreachable, slow, "not now"): 503. */
const BAD_GATEWAY = new Set(['REJECTED', 'AUTH_FAILED', 'TLS_FAILED', 'TRANSPORT_FAILED']);

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { ok: false, error: { code, message, ...details } };
}

/** The answer for an error thrown while handling a request (never 2xx). */
export function errorOutcome(error: unknown, signal?: AbortSignal): Outcome {
  if (error instanceof RequestError) {
    return {
      status: error.status,
      body: errorBody(error.code, error.message, error.details),
      log: { error: { code: error.code } },
    };
  }
  if (error instanceof SendError) {
    const reason = signal?.aborted && signal.reason instanceof ServeAbort ? signal.reason : undefined;
    if (error.code === 'ABORTED' && reason) {
      const code = reason.reason === 'timeout' ? 'TIMEOUT' : 'SHUTTING_DOWN';
      const message =
        reason.reason === 'timeout'
          ? `The transport did not accept the message within the ${seconds(reason.after)} s request timeout; it may or may not be delivered.`
          : 'The server shut down before the transport accepted the message; it may or may not be delivered.';
      return {
        status: 503,
        body: errorBody(code, message, { transport: error.transport }),
        log: { result: 'aborted', error: { code, attempts: error.attempts } },
      };
    }
    const status = BAD_GATEWAY.has(error.code) ? 502 : 503;
    const headers: Record<string, string> = {};
    if (status === 503 && error.retryAfterMs !== undefined)
      headers['retry-after'] = String(seconds(error.retryAfterMs));
    const what =
      status === 502 ? 'The transport refused the message' : 'The transport could not take the message right now';
    return {
      status,
      headers,
      body: errorBody(error.code, `${what}: ${error.message}`, {
        transport: error.transport,
        ...(error.status !== undefined ? { status: error.status } : {}),
        retryable: error.retryable,
        attempts: error.attempts,
      }),
      log: {
        result: 'failed',
        error: {
          code: error.code,
          status: error.status,
          detail: error.detail,
          retryable: error.retryable,
          attempts: error.attempts,
          // The mailer redacted secrets; an SMTP reply may quote the address.
          message: maskAddresses(error.message),
        },
      },
    };
  }
  if (error instanceof RedisError) {
    return {
      status: 503,
      headers: { 'retry-after': '1' },
      body: errorBody(
        'QUEUE_UNAVAILABLE',
        'The send queue cannot be reached; nothing was queued. Try again in a moment.',
      ),
      log: { error: { code: 'QUEUE_UNAVAILABLE', reason: error.message } },
    };
  }
  if (error instanceof VariableError) {
    return {
      status: 400,
      body: errorBody(error.code, error.message, { template: error.template, variable: error.variable }),
      log: { error: { code: error.code, variable: error.variable } },
    };
  }
  if (error instanceof AddressError) {
    return {
      status: 400,
      body: errorBody(error.code, error.message, { field: error.field }),
      log: { error: { code: error.code, reason: error.reason } },
    };
  }
  if (error instanceof AuthmailError && error.code === 'UNKNOWN_LOCALE') {
    return {
      status: 400,
      body: errorBody(error.code, error.message, { field: 'payload.locale' }),
      log: { error: { code: error.code } },
    };
  }
  const code = error instanceof AuthmailError ? error.code : 'INTERNAL_ERROR';
  return {
    status: 500,
    body: errorBody('INTERNAL_ERROR', 'The server failed to handle the request; nothing was sent.'),
    log: { error: { code, name: (error as Error)?.name, message: String((error as Error)?.message ?? error) } },
  };
}

export interface RequestContext {
  /** The caller's `Idempotency-Key` header: with `serve.queue`, a repeated request is the job already queued. */
  idempotencyKey?: string | undefined;
}

export interface EmailHandler {
  handle(request: LogtoEmailRequest, signal: AbortSignal, context?: RequestContext): Promise<Outcome>;
  /** Sends in progress. */
  readonly inFlight: number;
  /** The template a Logto type maps to (`undefined`: unknown type under strictTypes). */
  templateFor(type: string): string | undefined;
}

export function createEmailHandler(options: HandlerOptions): EmailHandler {
  const { bundle, mailer, queue, limiter, metrics, strictTypes, maxInFlight } = options;
  const defaults = options.defaults ?? {};
  const byType = new Map<string, string>();
  // A template without a Logto type is reached only through an explicit `serve.types` entry.
  for (const [id, t] of Object.entries(bundle.manifest.templates)) if (t.logtoType) byType.set(t.logtoType, id);
  for (const [type, id] of Object.entries(options.types ?? {})) {
    if (!bundle.manifest.templates[id]) {
      throw new AuthmailError(
        'INVALID_CONFIG',
        `serve.types.${type}: the bundle has no template "${id}" (it has ${Object.keys(bundle.manifest.templates).join(', ')})`,
      );
    }
    byType.set(type, id);
  }
  const generic = byType.get('Generic');
  if (!generic && !strictTypes) {
    throw new AuthmailError(
      'INVALID_BUNDLE',
      'The bundle has no Generic template, which unknown types fall back to; build all templates or set serve.strictTypes',
    );
  }
  const templateFor = (type: string) => byType.get(type) ?? (strictTypes ? undefined : generic);
  const fallbackFor = (template: string) => {
    const locales = Object.keys(bundle.manifest.templates[template]?.emails ?? {});
    const configured = defaults.locale ? matchLocale(defaults.locale, locales) : undefined;
    return { locales, fallback: configured ?? bundle.manifest.defaultLocale };
  };
  const localeInfo = new Map(bundle.templates.map((id) => [id, fallbackFor(id)]));
  let inFlight = 0;

  return {
    templateFor,
    get inFlight() {
      return inFlight;
    },
    async handle(request, signal, context = {}) {
      const { type, payload } = request;
      const log: Record<string, unknown> = { type };
      // The end user's IP, as Logto sent it: what an abuse (OTP bombing) investigation needs.
      if (request.ip) log.ip = request.ip;
      try {
        const to = parseMailbox(request.to, 'to');
        log.to = maskAddress(to.address);
        const template = templateFor(type);
        if (!template) {
          throw new RequestError(
            422,
            'UNKNOWN_TYPE',
            `Unknown template type "${type}" (known: ${[...byType.keys()].join(', ')}); this server does not fall back to Generic (serve.strictTypes).`,
            { type },
          );
        }
        log.template = template;
        const { locales, fallback } = localeInfo.get(template) as { locales: string[]; fallback: string };
        const { locale } = resolveLocale({ locale: payload.locale, uiLocales: payload.uiLocales }, locales, fallback);
        log.locale = locale;
        // Validate now (the mailer renders again when it sends): a bad request must not count against a limit.
        bundle.render(template, { locale, variables: { ...defaults.variables, ...payload } });

        if (inFlight >= maxInFlight) {
          return {
            status: 503,
            headers: { 'retry-after': '1' },
            body: errorBody('SERVER_BUSY', `${maxInFlight} emails are being sent already; try again in a moment.`),
            log: { ...log, error: { code: 'SERVER_BUSY' } },
          };
        }
        const decision = await limiter.take({ recipient: to.address, ip: request.ip });
        if (!decision.allowed && decision.limit === 'store') {
          return {
            status: 503,
            headers: { 'retry-after': '1' },
            body: errorBody('RATE_LIMIT_UNAVAILABLE', 'The rate-limit store cannot be reached; try again in a moment.'),
            log: { ...log, error: { code: 'RATE_LIMIT_UNAVAILABLE' } },
          };
        }
        if (!decision.allowed) {
          metrics?.rateLimited(decision.limit);
          const wait = seconds(decision.retryAfterMs);
          const who = { recipient: 'to this inbox', domain: "to this address's domain", ip: 'for this client IP' }[
            decision.limit
          ];
          return {
            status: 429,
            headers: { 'retry-after': String(wait) },
            body: errorBody(
              'RATE_LIMITED',
              `Too many emails ${who} (at most ${decision.max} per ${seconds(decision.window)} s); try again in ${wait} s.`,
              { limit: decision.limit, retryAfter: wait },
            ),
            log: { ...log, error: { code: 'RATE_LIMITED', limit: decision.limit, retryAfter: wait } },
          };
        }

        if (queue) {
          const queued = await queue.send(
            { template, to, locale, variables: payload, ip: request.ip },
            { idempotencyKey: context.idempotencyKey },
          );
          return {
            status: 200,
            body: { ok: true, queued: true, jobId: queued.id, duplicate: queued.duplicate, template, locale },
            log: { ...log, result: 'queued', job: queued.id, ...(queued.duplicate ? { duplicate: true } : {}) },
          };
        }
        inFlight++;
        metrics?.inFlight(1);
        const sendStarted = performance.now();
        const took = () => (performance.now() - sendStarted) / 1000;
        try {
          const result = await mailer
            .send({ template, to, locale, variables: payload, ip: request.ip, signal })
            .catch((error: unknown) => {
              metrics?.send((error as { transport?: string }).transport ?? mailer.transport.name, 'failed', took());
              throw error;
            });
          metrics?.send(result.transport, 'accepted', took());
          return {
            status: 200,
            body: {
              ok: true,
              messageId: result.messageId,
              template,
              locale: result.locale,
              transport: result.transport,
              attempts: result.attempts,
            },
            log: {
              ...log,
              result: 'accepted',
              transport: result.transport,
              messageId: result.messageId,
              attempts: result.attempts,
            },
          };
        } finally {
          inFlight--;
          metrics?.inFlight(-1);
        }
      } catch (error) {
        const outcome = errorOutcome(error, signal);
        return { ...outcome, log: { ...log, ...outcome.log } };
      }
    },
  };
}
