/**
 * `authmail/send`: render with the runtime, validate, and deliver through one
 * transport (outbox, smtp, http, or a provider's API: SendGrid, Postmark,
 * Mailgun, Amazon SES, Resend, Aliyun) with timeouts, retries and a deadline.
 * React-free: it loads the runtime, nodemailer and zod, never React or i18next.
 */

export { AddressError, HeaderError, SendError, type SendErrorCode, type SendFailureInit } from '../core/errors.ts';
export { createRedactor, REDACTED, type Redactor } from '../core/redact.ts';
export {
  type Classified,
  classifyHttpStatus,
  classifyNetworkError,
  classifySmtpError,
  parseRateLimitReset,
  parseRetryAfter,
  sendFailure,
} from './classify.ts';
export { createMailerFromConfig, defaultFrom, type MailerFromConfigOptions } from './from-config.ts';
export type { HostedTemplate } from './hosted.ts';
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
export type { AliyunOptions, AliyunOptionsInput } from './transports/aliyun/index.ts';
export {
  type ApiBody,
  type ApiClient,
  type ApiRequest,
  type ApiResponse,
  createApiClient,
  type DescribedRequest,
} from './transports/api.ts';
export {
  type HttpEmailBody,
  type HttpOptions,
  type HttpOptionsInput,
  httpBody,
  signWebhook,
  verifyWebhook,
  webhookId,
} from './transports/http/index.ts';
export {
  createAliyunTransport,
  createHttpTransport,
  createMailgunTransport,
  createOutboxTransport,
  createPostmarkTransport,
  createResendTransport,
  createSendgridTransport,
  createSesTransport,
  createSmtpTransport,
} from './transports/index.ts';
export type { MailgunOptions, MailgunOptionsInput } from './transports/mailgun/index.ts';
export type { OutboxOptionsInput, OutboxRecord } from './transports/outbox/index.ts';
export type { PostmarkOptions, PostmarkOptionsInput } from './transports/postmark/index.ts';
export type { ResendOptions, ResendOptionsInput } from './transports/resend/index.ts';
export type { SendgridOptions, SendgridOptionsInput } from './transports/sendgrid/index.ts';
export type { SesOptions, SesOptionsInput } from './transports/ses/index.ts';
export type { SmtpOptions, SmtpOptionsInput, SmtpTransport } from './transports/smtp/index.ts';
