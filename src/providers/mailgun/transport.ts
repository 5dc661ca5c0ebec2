/**
 * Mailgun transport: `POST /v3/<domain>/messages` (multipart) with the
 * rendered subject, text and html — or, for a hosted send, the template
 * `authmail-<template>-<locale>` with `t:variables` and `t:text=yes` (a
 * Mailgun template stores no text body). Tracking off unless configured.
 * Answer: 200 `{ id, message: "Queued. Thank you." }`.
 */

import type { FormFields } from '../../mail/api.ts';
import { formatMailbox, type OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { domainPath, mailgunClient } from './api.ts';
import { type MailgunOptions, type MailgunOptionsInput, mailgunOptionsSchema } from './options.ts';

export { type MailgunOptions, type MailgunOptionsInput, mailgunOptionsSchema } from './options.ts';

/** The multipart fields of a message. */
export function mailgunMessageFields(message: OutgoingMessage, options: MailgunOptions): FormFields {
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const fields: [string, string][] = [
    ['from', formatMailbox(message.from)],
    ['to', formatMailbox(message.to)],
  ];
  const hosted = message.context.hosted;
  if (hosted) {
    fields.push(['template', hosted.name], ['t:variables', JSON.stringify(hosted.data())], ['t:text', 'yes']);
  } else {
    fields.push(['subject', message.subject], ['text', message.text], ['html', message.html]);
  }
  if (message.replyTo) fields.push(['h:Reply-To', formatMailbox(message.replyTo)]);
  for (const [name, value] of Object.entries(message.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) fields.push([`h:${name}`, v]);
  }
  fields.push(
    ['o:tracking', yesNo(options.tracking)],
    ['o:tracking-clicks', yesNo(options.tracking)],
    ['o:tracking-opens', yesNo(options.tracking)],
  );
  for (const tag of options.tags ?? []) fields.push(['o:tag', tag]);
  if (options.testMode) fields.push(['o:testmode', 'yes']);
  if (options.requireTls) fields.push(['o:require-tls', 'yes']);
  return fields;
}

export function mailgunTransport(options: MailgunOptions): Transport {
  const client = mailgunClient(options);
  return {
    name: 'mailgun',
    hosted: true,
    async send(message, { signal }) {
      const response = await client.request(
        {
          method: 'POST',
          path: `${domainPath(options.domain)}/messages`,
          body: { form: mailgunMessageFields(message, options) },
        },
        signal,
      );
      const answer = response.json as { id?: unknown; message?: unknown } | undefined;
      return {
        messageId: typeof answer?.id === 'string' ? answer.id : message.messageId,
        accepted: [message.to.address],
        response: `${response.status} ${typeof answer?.message === 'string' ? answer.message : ''}`.trim(),
      };
    },
  };
}

export function createMailgunTransport(input: MailgunOptionsInput): Transport {
  return mailgunTransport(parseTransportOptions(mailgunOptionsSchema, input, 'mailgun'));
}
