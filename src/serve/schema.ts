/**
 * The `serve` section of `authmail.config.ts`: where `authmail serve` listens,
 * the Authorization value Logto's HTTP email connector must send, how unknown
 * template types are handled, and the protections (body limit, timeouts,
 * rate limits per recipient and per client IP, concurrent sends). Part of the
 * one config schema (src/config/schema.ts); values may be `$[env:…]` /
 * `$[secret:…]` placeholders, and `authorization` is redacted everywhere.
 * Only zod: loading the config does not load the server.
 */
import { z } from 'zod';
import { bool, numeric } from '../core/schema.ts';

const int = (min: number, max: number, unit = '') =>
  numeric.pipe(
    z
      .number()
      .int('must be a whole number')
      .min(min, `must be at least ${min}${unit}`)
      .max(max, `must be at most ${max}${unit}`),
  );

/** Shortest accepted Authorization value: a guessable token would make the endpoint an open relay for codes. */
export const MIN_AUTHORIZATION_LENGTH = 16;

const authorizationValue = z
  .string()
  .min(
    MIN_AUTHORIZATION_LENGTH,
    `must be at least ${MIN_AUTHORIZATION_LENGTH} characters (the exact Authorization header Logto sends, e.g. "Bearer <random token>")`,
  )
  .max(4096, 'must be at most 4096 characters')
  .refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks');

/** One limit: at most `limit` emails per `window` ms, as a steady rate with a burst of `limit` (GCRA). */
export const limitSchema = z
  .object({
    limit: int(1, 1_000_000),
    /** Window in ms (1 s … 1 day). */
    window: int(1_000, 86_400_000, ' ms'),
  })
  .strict();

const limitOrOff = (defaults: { limit: number; window: number }) =>
  z.union([z.literal(false), limitSchema]).default(defaults);

export const DEFAULT_RATE_LIMITS = {
  /** Per recipient inbox (lower-cased, `+tag` removed, Gmail's dots ignored): 5 emails per 10 minutes. */
  recipient: { limit: 5, window: 600_000 },
  /** Per client IP (Logto's `ip`; IPv6 per /64): 30 emails per 10 minutes. */
  ip: { limit: 30, window: 600_000 },
} as const;

export const serveConfigSchema = z
  .object({
    /** Interface to listen on (default 127.0.0.1; use 0.0.0.0 in a container). `--host` overrides. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port (default 8787; 0 = any free port). `--port` overrides. */
    port: int(0, 65_535).default(8787),
    /** Path that accepts Logto's POST (default `/`). */
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'must be an absolute path such as / or /logto/email')
      .default('/'),
    /**
     * The exact `Authorization` header value Logto sends (its connector's "Authorization Header"),
     * e.g. `Bearer $[secret:AUTHMAIL_SERVE_TOKEN]`. Several values allow rotating it. Required to start.
     */
    authorization: z.union([authorizationValue, z.array(authorizationValue).min(1)]).optional(),
    /** Unknown `type`: false (default) renders `Generic`, as Logto does; true answers 422. */
    strictTypes: bool.default(false),
    /**
     * Request `type` → template id, over the templates' own Logto types: how a template without a
     * Logto type is reached through this endpoint, or a type answered by another template.
     */
    types: z
      .record(z.string().min(1), z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a template id'))
      .default({}),
    /** Largest request body in bytes (default 16 KiB; Logto's requests are about 1 KB). */
    bodyLimit: int(1_024, 1_048_576, ' bytes').default(16_384),
    /** Time to receive a request's headers and body, ms (default 10 s); then 408. */
    readTimeout: int(1_000, 300_000, ' ms').default(10_000),
    /**
     * Time from the request to the answer, sending included, ms (default 30 s, or readTimeout when that is
     * longer); then 503 and the send is aborted.
     */
    requestTimeout: int(1_000, 600_000, ' ms').optional(),
    /** Idle keep-alive connections are closed after this, ms (default 5 s). */
    keepAliveTimeout: int(0, 600_000, ' ms').default(5_000),
    /** On SIGTERM/SIGINT, in-flight sends get this long to finish, ms (default 30 s). */
    shutdownTimeout: int(0, 600_000, ' ms').default(30_000),
    /** Sends in progress at most; more get 503 with Retry-After (default 256). */
    maxInFlight: int(1, 100_000).default(256),
    /** OTP-bombing protection: in memory, or shared by every instance in Redis. `false` turns a limit off. */
    rateLimit: z
      .object({
        recipient: limitOrOff(DEFAULT_RATE_LIMITS.recipient),
        /**
         * Per registrable domain of the recipient (default off): a second line against many invented
         * addresses at one catch-all domain. Size it above the domain's real traffic (gmail.com counts too).
         */
        domain: z.union([z.literal(false), limitSchema]).default(false),
        ip: limitOrOff(DEFAULT_RATE_LIMITS.ip),
        /**
         * How recipients are counted: `canonical` (default) gives one budget per inbox (case, IDNA, `+tag`,
         * Gmail's dots and googlemail.com folded); `address` counts each address as written but for case.
         */
        recipientKeys: z
          .enum(['canonical', 'address'], { message: 'must be "canonical" or "address"' })
          .default('canonical'),
        /** Keys tracked at most per limit in memory (default 100 000); the oldest are dropped beyond. */
        maxKeys: int(100, 10_000_000).default(100_000),
        /** `redis://[:password@]host:port/db` or `rediss://…` (TLS): every instance counts in this Redis. */
        redis: z
          .string()
          .regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379/0')
          .optional(),
        /** When Redis cannot answer: `deny` (default: 503) or `allow` (send without counting). */
        onStoreError: z.enum(['deny', 'allow'], { message: 'must be "deny" or "allow"' }).default('deny'),
      })
      .strict()
      .prefault({}),
    /**
     * Answer once the email is durably queued (`send.queue`, delivered by `authmail worker`) instead of
     * after the transport accepted it (default false). Logto then sees success before delivery.
     */
    queue: bool.default(false),
    /**
     * `GET /metrics` in Prometheus's text format, behind the same Authorization as the endpoint
     * (default off): the counts tell who sends how much, and Prometheus can send a bearer token.
     */
    metrics: bool.default(false),
    /** JSON log lines on stdout from this level up (default info: one line per request). */
    logLevel: z
      .enum(['debug', 'info', 'warn', 'error', 'silent'], {
        message: 'must be one of debug, info, warn, error, silent',
      })
      .default('info'),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const reserved of ['/healthz', '/metrics']) {
      if (s.path === reserved) ctx.addIssue({ code: 'custom', path: ['path'], message: `is reserved for ${reserved}` });
    }
    // Only a value the user set can conflict: the default follows readTimeout.
    if (s.requestTimeout !== undefined && s.requestTimeout < s.readTimeout) {
      ctx.addIssue({ code: 'custom', path: ['requestTimeout'], message: 'must not be shorter than readTimeout' });
    }
  })
  .transform((s) => ({ ...s, requestTimeout: s.requestTimeout ?? Math.max(30_000, s.readTimeout) }));

export type ServeConfigInput = z.input<typeof serveConfigSchema>;
export type ServeConfig = z.output<typeof serveConfigSchema>;
export type LimitConfig = z.output<typeof limitSchema>;
