/**
 * The HTTP server of `authmail serve` (node:http), its routes and its life:
 *
 *   POST <serve.path>  Logto's HTTP email connector request → handler.ts
 *   GET  /healthz      200 {"status":"ok", "rateLimitStore": …} while serving, 503 {"status":"stopping"} during shutdown
 *   GET  /metrics      Prometheus text (`serve.metrics`), behind the same Authorization → metrics.ts
 *
 * Per request: Authorization first (401, before the body is read), then the
 * body up to `bodyLimit` (413) within `readTimeout` (408, Node's request
 * timeout), then the handler; the whole request, sending included, within
 * `requestTimeout` (503; the send is aborted). A client that disconnects does
 * not abort its send: the send finishes and is logged, it just cannot be
 * acknowledged — nothing is ever acknowledged that the transport did not take.
 *
 * `close()` is the graceful shutdown: stop accepting connections, answer 503
 * (Connection: close) to requests on kept-alive connections, let in-flight
 * requests finish and answer (up to `shutdownTimeout`, then their sends are
 * aborted and answered 503), then close the mailer's connections.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigError } from '../core/errors.ts';
import { listen, RequestError, readBody } from '../core/http.ts';
import { zodIssues } from '../core/schema.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { LogEvent } from '../mail/transport.ts';
import type { EmailQueue } from '../queue/queue.ts';
import type { Bundle } from '../runtime/index.ts';
import { createAuthorizer, unauthorized } from './auth.ts';
import { answerClientError } from './client-error.ts';
import { earlyOutcome } from './early.ts';
import { createEmailHandler, type EmailHandler, errorBody, errorOutcome, type Outcome, ServeAbort } from './handler.ts';
import { limiterFor } from './limiter.ts';
import { createLogger, maskAddresses, type ServeLogger } from './log.ts';
import type { ServeMetrics } from './metrics.ts';
import type { RateLimiter } from './rate-limit.ts';
import { parseRequest } from './request.ts';
import { type ServeConfig, type ServeConfigInput, serveConfigSchema } from './schema.ts';

export interface ServeOptions {
  /** Compiled templates (`loadBundle('dist')`). */
  bundle: Bundle;
  /** Sends the emails (`createMailerFromConfig(config, { bundle })`); closed by `close()`. */
  mailer: Mailer;
  /** With `settings.queue`: where emails go instead (`createQueueFromConfig`); closed by `close()`. */
  queue?: EmailQueue | undefined;
  /** The `serve` config section (validated here); `authorization` is required. */
  settings: ServeConfigInput | ServeConfig;
  /** `send.defaults`: the default locale and variables. */
  defaults?: { locale?: string | undefined; variables?: Record<string, unknown> | undefined } | undefined;
  /** JSON log lines (default: stdout at `settings.logLevel`). */
  logger?: ServeLogger | undefined;
  /** Another limiter; default: Redis when `settings.rateLimit.redis` is set, else in memory. */
  rateLimiter?: RateLimiter | undefined;
  /** The metrics when `settings.metrics` is on (default: a registry of this process). */
  metrics?: ServeMetrics | undefined;
  /**
   * Awaited once the server listens, before its `listening` line: a cluster worker tells its primary there, so
   * that whoever acts on the line (a supervisor, a test killing the worker) never does before the primary knows.
   */
  onListening?: (() => Promise<void>) | undefined;
}

export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly http: Server;
  readonly settings: ServeConfig;
  /** Requests being handled. */
  readonly active: number;
  /** Graceful shutdown (idempotent): finishes in-flight sends, refuses new requests, closes the mailer. */
  close(): Promise<void>;
  /** Resolves when the server has shut down. */
  readonly closed: Promise<void>;
}

/** The error when `serve.authorization` is not configured: the endpoint never runs unauthenticated. */
export const missingAuthorization = () =>
  new ConfigError('authmail.config', [
    {
      path: 'serve.authorization',
      message:
        'is not set: set it to the exact Authorization header Logto’s HTTP email connector sends, e.g. "Bearer $[secret:AUTHMAIL_SERVE_TOKEN]" (or give `authmail serve` the token in the environment variable AUTHMAIL_SERVE_TOKEN)',
    },
  ]);

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

interface Active {
  controller: AbortController;
  done: Promise<void>;
}

export async function startServer(
  options: ServeOptions & { host?: string | undefined; port?: number | undefined },
): Promise<RunningServer> {
  const parsed = serveConfigSchema.safeParse(options.settings);
  if (!parsed.success) {
    throw new ConfigError(
      'serve settings',
      zodIssues(parsed.error).map((i) => ({ ...i, path: `serve.${i.path}` })),
    );
  }
  const settings = parsed.data;
  if (!settings.authorization) throw missingAuthorization();
  const { bundle, mailer } = options;
  const logger = options.logger ?? createLogger({ level: settings.logLevel, redact: mailer.redact });
  const authorizer = createAuthorizer(settings.authorization);
  // prom-client is loaded only when metrics are on.
  if (settings.queue && !options.queue) {
    throw new ConfigError('serve settings', [
      { path: 'serve.queue', message: 'is on, but no queue was given (configure send.queue)' },
    ]);
  }
  const queue = settings.queue ? options.queue : undefined;
  const metrics = settings.metrics
    ? (options.metrics ?? (await import('./metrics.ts')).createMetrics({ queue }))
    : undefined;
  const limiter = options.rateLimiter ?? (await limiterFor(settings, logger, metrics));
  const handler: EmailHandler = createEmailHandler({
    bundle,
    mailer,
    queue,
    limiter,
    metrics,
    strictTypes: settings.strictTypes,
    types: settings.types,
    maxInFlight: settings.maxInFlight,
    defaults: options.defaults,
  });
  const active = new Set<Active>();
  let closing = false;
  // Sockets with a request being handled (that request logs its own line), and those Node timed out (408).
  const busySockets = new WeakSet<Socket>();
  const timedOutSockets = new WeakSet<Socket>();

  const http = createHttpServer({
    requestTimeout: settings.readTimeout,
    headersTimeout: Math.min(settings.readTimeout, 60_000),
    keepAliveTimeout: settings.keepAliveTimeout,
    // How often Node looks for requests past readTimeout (its default, 30 s, would make the limit lax).
    connectionsCheckingInterval: Math.min(1_000, settings.readTimeout),
  });
  // Sweep recovered rate-limit keys now and then (memory stays bounded by maxKeys regardless).
  const sweeper = setInterval(() => limiter.sweep(), 60_000);
  sweeper.unref();

  function send(res: ServerResponse, requestId: string, outcome: Omit<Outcome, 'log'>, close = false) {
    if (res.headersSent || res.destroyed) return;
    const body = JSON.stringify(outcome.body);
    res.writeHead(outcome.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-request-id': requestId,
      ...outcome.headers,
      ...(close || closing ? { connection: 'close' } : {}),
    });
    res.end(body);
  }

  /** GET /metrics: the exposition text, for the configured Authorization only. */
  async function serveMetrics(req: IncomingMessage, res: ServerResponse, requestId: string, m: ServeMetrics) {
    const refused =
      req.method !== 'GET' && req.method !== 'HEAD'
        ? {
            status: 405,
            headers: { allow: 'GET, HEAD' },
            body: errorBody('METHOD_NOT_ALLOWED', 'Use GET /metrics.'),
            log: {},
          }
        : unauthorized(req, authorizer);
    if (refused) {
      send(res, requestId, refused, true);
      logger.log('warn', 'metrics', { status: refused.status, requestId });
      return;
    }
    try {
      const text = await m.text();
      res.writeHead(200, { 'content-type': m.contentType, 'cache-control': 'no-store', 'x-request-id': requestId });
      res.end(req.method === 'HEAD' ? undefined : text);
    } catch (error) {
      send(res, requestId, { status: 503, body: errorBody('METRICS_UNAVAILABLE', (error as Error).message) });
    }
  }

  async function handleEmail(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const refused = unauthorized(req, authorizer);
    if (refused) {
      send(res, requestId, refused, true);
      return refused;
    }
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !JSON_TYPE.test(contentType)) {
      throw new RequestError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `The request body must be application/json, not ${contentType}.`,
      );
    }
    const body = await readBody(req, settings.bodyLimit);
    const request = parseRequest(body);
    const key = req.headers['idempotency-key'];
    const outcome = await handler.handle(request, signal, {
      idempotencyKey: typeof key === 'string' && key.length ? key : undefined,
    });
    send(res, requestId, outcome);
    return outcome;
  }

  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const path = (req.url ?? '/').split('?', 1)[0] as string;

    if (path === '/healthz') {
      const ok = !closing;
      const status = req.method === 'GET' || req.method === 'HEAD' ? (ok ? 200 : 503) : 405;
      send(res, requestId, {
        status,
        ...(status === 405 ? { headers: { allow: 'GET, HEAD' } } : {}),
        body:
          status === 405
            ? errorBody('METHOD_NOT_ALLOWED', 'Use GET /healthz.')
            : { status: ok ? 'ok' : 'stopping', rateLimitStore: limiter.health() },
      });
      logger.log('debug', 'healthz', { status, requestId });
      return;
    }

    if (path === '/metrics' && metrics) {
      void serveMetrics(req, res, requestId, metrics);
      return;
    }

    const early = earlyOutcome(req.method, path, settings.path, closing);
    const line = (outcome: Outcome, extra: Record<string, unknown> = {}) => {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      const level = outcome.status >= 500 ? 'error' : outcome.status >= 400 ? 'warn' : 'info';
      metrics?.request(outcome.status);
      logger.log(level, 'request', {
        requestId,
        method: req.method,
        path,
        status: outcome.status,
        durationMs,
        ...outcome.log,
        ...extra,
      });
    };
    if (early) {
      send(res, requestId, early, true);
      line(early);
      return;
    }

    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new ServeAbort('timeout', settings.requestTimeout)),
      settings.requestTimeout,
    );
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    const entry: Active = { controller, done: Promise.resolve() };
    busySockets.add(req.socket);
    entry.done = handleEmail(req, res, requestId, controller.signal)
      .catch((error: unknown) => {
        if (error instanceof RequestError && error.code === 'REQUEST_ABORTED' && timedOutSockets.has(req.socket)) {
          // The body did not arrive within readTimeout and the clientError handler answered 408: log that, once.
          return {
            status: 408,
            body: {},
            log: { error: { code: 'REQUEST_TIMEOUT' } },
          } satisfies Outcome;
        }
        const outcome = errorOutcome(error, controller.signal);
        if (outcome.status === 500) {
          const e = outcome.log.error as { message?: string };
          if (e?.message) e.message = maskAddresses(e.message);
        }
        // A body that was not (fully) read must not be parsed as the next request.
        send(res, requestId, outcome, error instanceof RequestError && error.status !== 400);
        if (error instanceof RequestError && error.status === 413) req.resume();
        return outcome;
      })
      .then((outcome) => line(outcome, clientGone && outcome.status !== 408 ? { clientClosed: true } : {}))
      .finally(() => {
        clearTimeout(timer);
        active.delete(entry);
        busySockets.delete(req.socket);
      });
    active.add(entry);
  });

  http.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const answered = answerClientError(error, socket as Socket, settings.readTimeout);
    if (!answered) return;
    if (answered.status === 408) timedOutSockets.add(socket as Socket);
    if (!busySockets.has(socket as Socket))
      logger.log('warn', 'request', { status: answered.status, error: { code: answered.code } });
  });

  try {
    await listen(http, options.port ?? settings.port, options.host ?? settings.host);
  } catch (error) {
    // What this function opened must not keep the process alive (a Redis connection would).
    clearInterval(sweeper);
    if (!options.rateLimiter) await limiter.close?.();
    throw error;
  }
  const address = http.address() as AddressInfo;
  const host = address.address;
  const url = `http://${address.family === 'IPv6' ? `[${host}]` : host}:${address.port}`;
  await options.onListening?.();
  logger.log('info', 'listening', {
    url,
    pid: process.pid,
    path: settings.path,
    transport: mailer.transport.name,
    templates: bundle.templates.length,
    locales: bundle.manifest.locales.length,
    strictTypes: settings.strictTypes,
    rateLimit: { ...settings.rateLimit, redis: settings.rateLimit.redis ? 'configured' : undefined },
    metrics: settings.metrics,
  });

  let closedResolve: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    closedResolve = resolve;
  });
  let closingPromise: Promise<void> | undefined;

  async function shutdown(): Promise<void> {
    closing = true;
    clearInterval(sweeper);
    logger.log('info', 'shutting-down', { active: active.size, inFlight: handler.inFlight });
    const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    const all = () => Promise.all([...active].map((a) => a.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), settings.shutdownTimeout);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const a of active) a.controller.abort(new ServeAbort('shutdown', settings.shutdownTimeout));
      await all();
    }
    http.closeAllConnections();
    await stopped;
    await mailer.close();
    await queue?.close();
    if (!options.rateLimiter) await limiter.close?.();
    logger.log('info', 'stopped', { abortedSends: timedOut });
    closedResolve();
  }

  return {
    url,
    host,
    port: address.port,
    http,
    settings,
    get active() {
      return active.size;
    },
    close() {
      closingPromise ??= shutdown();
      return closingPromise;
    },
    closed,
  };
}

/** Mailer log events (retries, failures) as JSON lines: addresses masked, secrets already redacted. */
export function mailerLog(logger: ServeLogger) {
  return (event: LogEvent) => {
    if (event.level === 'info' || event.level === 'debug') {
      if (!logger.enabled('debug')) return;
    }
    const { level, message, ...rest } = event;
    logger.log(level, 'transport', { ...rest, message: maskAddresses(message) });
  };
}
