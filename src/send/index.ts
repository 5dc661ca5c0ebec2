/**
 * `authmail/send`: render with the runtime, validate, and deliver through one
 * transport — outbox, smtp, http, or a provider's API (the list in
 * src/providers/) — with timeouts, retries and a deadline. React-free: it
 * loads the runtime and zod (nodemailer with the first SMTP transport, BullMQ
 * and ioredis with the first queue), never React or i18next. What a team's code uses, and no internals.
 */

export { AddressError, HeaderError, SendError, type SendErrorCode, type SendFailureInit } from '../core/errors.ts';
export { RedisError, type RedisFailure } from '../core/redis.ts';
// Writing a transport: deliver once, or throw a classified SendError (the mailer retries).
export {
  type Classified,
  classifyHttpStatus,
  classifyNetworkError,
  classifySmtpError,
  sendFailure,
} from '../mail/classify.ts';
export {
  createMailer,
  type Mailer,
  type MailerDefaults,
  type MailerOptions,
  type SendInput,
  type SendResult,
} from '../mail/mailer.ts';
export type { Headers, Mailbox, MailboxInput, MessageContext, OutgoingMessage } from '../mail/message.ts';
export { DEFAULT_DELIVERY, type DeliveryInput, type DeliveryOptions } from '../mail/retry.ts';
export type { Log, LogEvent, LogLevel, Transport, TransportResult, TransportSendOptions } from '../mail/transport.ts';
// The built-in transports, one factory each (options validated like the config, errors naming the key).
export { type AliyunOptionsInput, createAliyunTransport } from '../providers/aliyun/transport.ts';
export {
  createHttpTransport,
  type HttpEmailBody,
  type HttpOptionsInput,
  signWebhook,
  verifyWebhook,
} from '../providers/http/transport.ts';
export { createMailgunTransport, type MailgunOptionsInput } from '../providers/mailgun/transport.ts';
export { createOutboxTransport, type OutboxOptionsInput, type OutboxRecord } from '../providers/outbox/transport.ts';
export { createPostmarkTransport, type PostmarkOptionsInput } from '../providers/postmark/transport.ts';
export { createResendTransport, type ResendOptionsInput } from '../providers/resend/transport.ts';
export { createSendgridTransport, type SendgridOptionsInput } from '../providers/sendgrid/transport.ts';
export { createSesTransport, type SesOptionsInput } from '../providers/ses/transport.ts';
export { createSmtpTransport, type SmtpOptionsInput, type SmtpTransport } from '../providers/smtp/transport.ts';
// The durable queue (BullMQ on Redis): queue now, deliver from `authmail worker`.
export type { QueuedSend } from '../queue/job.ts';
export {
  createQueue,
  type EmailQueue,
  type QueuedResult,
  type QueueOptions,
  type QueueSendOptions,
} from '../queue/queue.ts';
export type { QueueConfig, QueueConfigInput } from '../queue/schema.ts';
export type { QueueStats } from '../queue/stats.ts';
export { createQueueWorker, type QueueWorker, type QueueWorkerOptions, type WorkerLog } from '../queue/worker.ts';
export {
  createMailerFromConfig,
  createQueueFromConfig,
  createQueueWorkerFromConfig,
  defaultFrom,
  type MailerFromConfigOptions,
  type SendingConfig,
  type WorkerFromConfigOptions,
} from './from-config.ts';
export { type SendConfig, type SendConfigInput, TRANSPORT_NAMES, type TransportName } from './schema.ts';
