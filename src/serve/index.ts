/**
 * `authmail serve`: the endpoint for Logto's HTTP email connector. Accepts
 * `{ to, type, payload, ip? }`, renders the template of that type with the
 * runtime and sends it through the configured transport; answers 2xx only
 * once the transport accepted the message. React-free: it loads the runtime,
 * the sender, zod and node:http, never React or i18next.
 */
export { type Authorizer, createAuthorizer } from './auth.ts';
export { type ServeFromConfigOptions, serveFromConfig } from './from-config.ts';
export {
  createEmailHandler,
  type EmailHandler,
  errorOutcome,
  type HandlerOptions,
  type Outcome,
  ServeAbort,
} from './handler.ts';
export { createLogger, type LoggerOptions, maskAddress, maskAddresses, type ServeLogger } from './log.ts';
export {
  createRateLimiter,
  domainKey,
  Gcra,
  ipKey,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitKeys,
  recipientKey,
} from './rate-limit.ts';
export { type LogtoEmailRequest, parseRequest, RequestError, readBody, requestSchema } from './request.ts';
export {
  DEFAULT_RATE_LIMITS,
  type ServeConfig,
  type ServeConfigInput,
  serveConfigSchema,
} from './schema.ts';
export { mailerLog, missingAuthorization, type RunningServer, type ServeOptions, startServer } from './server.ts';
