/**
 * `authmail/send`: render with the runtime, validate, and deliver through one
 * transport (outbox, smtp, http) with timeouts, retries and a deadline.
 * React-free: it loads the runtime, nodemailer and zod, never React or i18next.
 */
export {
  type Classified,
  classifyHttpStatus,
  classifyNetworkError,
  classifySmtpError,
  parseRetryAfter,
  sendFailure,
} from './classify.ts';
export { AddressError, HeaderError, SendError, type SendErrorCode, type SendFailureInit } from './errors.ts';
export { createMailerFromConfig, defaultFrom, type MailerFromConfigOptions } from './from-config.ts';
export {
  createMailer,
  type Mailer,
  type MailerDefaults,
  type MailerOptions,
  type SendInput,
  type SendResult,
} from './mailer.ts';
export {
  addressProblem,
  checkHeaders,
  createMessage,
  formatMailbox,
  type Headers,
  type Mailbox,
  type MailboxInput,
  type MessageContext,
  type OutgoingMessage,
  parseMailbox,
} from './message.ts';
export { createRedactor, REDACTED, type Redactor } from './redact.ts';
export {
  backoffDelay,
  DEFAULT_DELIVERY,
  type DeliveryInput,
  type DeliveryOptions,
  deliver,
  deliveryOptions,
} from './retry.ts';
export {
  type SendConfig,
  type SendConfigInput,
  sendConfigSchema,
  TRANSPORT_NAMES,
  type TransportName,
} from './schema.ts';
export type { Log, LogEvent, LogLevel, Transport, TransportResult, TransportSendOptions } from './transport.ts';
export {
  type HttpEmailBody,
  type HttpOptions,
  type HttpOptionsInput,
  httpBody,
  signWebhook,
  verifyWebhook,
  webhookId,
} from './transports/http/index.ts';
export { createHttpTransport, createOutboxTransport, createSmtpTransport } from './transports/index.ts';
export type { OutboxOptionsInput, OutboxRecord } from './transports/outbox/index.ts';
export type { SmtpOptions, SmtpOptionsInput, SmtpTransport } from './transports/smtp/index.ts';
