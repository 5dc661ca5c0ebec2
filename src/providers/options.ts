/**
 * What the config reads of the providers: the options schema of each one
 * authmail sends through (`send.transports.<name>`), in the list's order.
 * Only zod schemas, so that loading a config loads no transport, client or
 * push code (the preview re-reads the config at every save). index.ts holds
 * the same providers with their behaviour; the compiler and
 * tests/providers/list.test.ts keep the two in step.
 */
import type { z } from 'zod';
import { aliyunOptionsSchema } from './aliyun/options.ts';
import { httpOptionsSchema } from './http/options.ts';
import { mailgunOptionsSchema } from './mailgun/options.ts';
import { outboxOptionsSchema } from './outbox/options.ts';
import { postmarkOptionsSchema } from './postmark/options.ts';
import { resendOptionsSchema } from './resend/options.ts';
import { sendgridOptionsSchema } from './sendgrid/options.ts';
import { sesOptionsSchema } from './ses/options.ts';
import { smtpOptionsSchema } from './smtp/options.ts';

export const TRANSPORT_OPTIONS = {
  outbox: outboxOptionsSchema,
  smtp: smtpOptionsSchema,
  http: httpOptionsSchema,
  sendgrid: sendgridOptionsSchema,
  postmark: postmarkOptionsSchema,
  mailgun: mailgunOptionsSchema,
  ses: sesOptionsSchema,
  resend: resendOptionsSchema,
  aliyun: aliyunOptionsSchema,
} as const;

export type TransportName = keyof typeof TRANSPORT_OPTIONS;

/** What `send.transport` may name, in list order. */
export const TRANSPORT_NAMES = Object.keys(TRANSPORT_OPTIONS) as [TransportName, ...TransportName[]];

/** The parsed options of the sending providers, by name: what `send.transports` holds. */
export type TransportOptions = { [K in TransportName]?: z.output<(typeof TRANSPORT_OPTIONS)[K]> };

export const isTransportName = (name: string): name is TransportName => Object.hasOwn(TRANSPORT_OPTIONS, name);
