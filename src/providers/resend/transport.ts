/**
 * Resend transport: `POST /emails` with the rendered subject, html and text —
 * or, for a hosted send, `template: { id: "authmail-<template>-<locale>"
 * (the alias), variables }` with Resend's flat variables — and an
 * `Idempotency-Key` that is the same on every retry of one send, so a retry
 * after a lost answer cannot deliver twice. Answer: 200 `{ id }`.
 */

import { singleHeaders } from '../../mail/api.ts';
import { formatMailbox, type OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { resendClient } from './api.ts';
import { type ResendOptions, type ResendOptionsInput, resendOptionsSchema } from './options.ts';

export { type ResendOptions, type ResendOptionsInput, resendOptionsSchema } from './options.ts';

export function resendEmailBody(message: OutgoingMessage, options: ResendOptions) {
  const hosted = message.context.hosted;
  return {
    from: formatMailbox(message.from),
    to: [formatMailbox(message.to)],
    ...(message.replyTo ? { reply_to: formatMailbox(message.replyTo) } : {}),
    ...(hosted
      ? { template: { id: hosted.name, variables: hosted.variables() } }
      : { subject: message.subject, html: message.html, text: message.text }),
    headers: singleHeaders(message.headers),
    ...(options.tags ? { tags: Object.entries(options.tags).map(([name, value]) => ({ name, value })) } : {}),
  };
}

/** One key per message (all its attempts): `authmail-<Message-ID local part>`. */
export const idempotencyKey = (message: OutgoingMessage) =>
  `authmail-${message.messageId.slice(1, message.messageId.indexOf('@'))}`;

export function resendTransport(options: ResendOptions): Transport {
  const client = resendClient(options);
  return {
    name: 'resend',
    hosted: true,
    async send(message, { signal }) {
      const response = await client.request(
        {
          method: 'POST',
          path: '/emails',
          headers: { 'Idempotency-Key': idempotencyKey(message) },
          body: { json: resendEmailBody(message, options) },
        },
        signal,
      );
      const id = (response.json as { id?: unknown } | undefined)?.id;
      return {
        messageId: typeof id === 'string' ? id : message.messageId,
        accepted: [message.to.address],
        response: `${response.status}`,
      };
    },
  };
}

export function createResendTransport(input: ResendOptionsInput): Transport {
  return resendTransport(parseTransportOptions(resendOptionsSchema, input, 'resend'));
}
