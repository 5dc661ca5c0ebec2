/**
 * The transports the config can select, by name: each turns its parsed
 * options (see schema.ts) into a `Transport`. A provider transport adds one
 * entry here and its options schema in schema.ts.
 */
import type { TransportName } from '../schema.ts';
import type { Log, Transport } from '../transport.ts';
import { aliyunTransport } from './aliyun/index.ts';
import { httpTransport } from './http/index.ts';
import { mailgunTransport } from './mailgun/index.ts';
import { createOutboxTransport } from './outbox/index.ts';
import { postmarkTransport } from './postmark/index.ts';
import { resendTransport } from './resend/index.ts';
import { sendgridTransport } from './sendgrid/index.ts';
import { sesTransport } from './ses/index.ts';
import { smtpTransport } from './smtp/index.ts';

export interface TransportContext {
  cwd: string;
  log?: Log | undefined;
}

export const transportFactories: {
  [K in TransportName]: (options: never, ctx: TransportContext) => Transport;
} = {
  outbox: (options: Parameters<typeof createOutboxTransport>[0], ctx) => createOutboxTransport(options, ctx),
  smtp: (options: Parameters<typeof smtpTransport>[0], ctx) => smtpTransport(options, ctx),
  http: (options: Parameters<typeof httpTransport>[0]) => httpTransport(options),
  sendgrid: (options: Parameters<typeof sendgridTransport>[0]) => sendgridTransport(options),
  postmark: (options: Parameters<typeof postmarkTransport>[0]) => postmarkTransport(options),
  mailgun: (options: Parameters<typeof mailgunTransport>[0]) => mailgunTransport(options),
  ses: (options: Parameters<typeof sesTransport>[0]) => sesTransport(options),
  resend: (options: Parameters<typeof resendTransport>[0]) => resendTransport(options),
  aliyun: (options: Parameters<typeof aliyunTransport>[0]) => aliyunTransport(options),
};

export { aliyunTransport, createAliyunTransport } from './aliyun/index.ts';
export { createHttpTransport, httpTransport } from './http/index.ts';
export { createMailgunTransport, mailgunTransport } from './mailgun/index.ts';
export { createOutboxTransport } from './outbox/index.ts';
export { createPostmarkTransport, postmarkTransport } from './postmark/index.ts';
export { createResendTransport, resendTransport } from './resend/index.ts';
export { createSendgridTransport, sendgridTransport } from './sendgrid/index.ts';
export { createSesTransport, sesTransport } from './ses/index.ts';
export { createSmtpTransport, smtpTransport } from './smtp/index.ts';
