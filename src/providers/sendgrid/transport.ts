/**
 * SendGrid transport: `POST /v3/mail/send` with the rendered subject and
 * content (text/plain first, then text/html, as SendGrid requires) — or, for
 * a hosted send, the dynamic template `authmail-<template>-<locale>` and its
 * `dynamic_template_data`. Auth mail hygiene: click, open and subscription
 * tracking off unless configured; the global-unsubscribe bypass on request.
 * 202 Accepted, empty body; the id is the `X-Message-Id` header.
 */

import { singleHeaders } from '../../mail/api.ts';
import { sendFailure } from '../../mail/classify.ts';
import type { Mailbox, OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { listSendgridTemplates, sendgridClient } from './api.ts';
import { type SendgridOptions, type SendgridOptionsInput, sendgridOptionsSchema } from './options.ts';

export { type SendgridOptions, type SendgridOptionsInput, sendgridOptionsSchema } from './options.ts';

const address = (m: Mailbox) => (m.name ? { email: m.address, name: m.name } : { email: m.address });

/** The Mail Send body for a message (with `templateId` for a hosted send). */
export function sendgridMailBody(message: OutgoingMessage, options: SendgridOptions, templateId?: string) {
  const hosted = templateId !== undefined && message.context.hosted;
  const tracking = options.tracking;
  const mailSettings: Record<string, unknown> = {};
  if (options.bypassUnsubscribeManagement) mailSettings.bypass_unsubscribe_management = { enable: true };
  if (options.sandboxMode) mailSettings.sandbox_mode = { enable: true };
  return {
    personalizations: [
      { to: [address(message.to)], ...(hosted ? { dynamic_template_data: message.context.hosted?.data() } : {}) },
    ],
    from: address(message.from),
    ...(message.replyTo ? { reply_to: address(message.replyTo) } : {}),
    ...(hosted
      ? { template_id: templateId }
      : {
          subject: message.subject,
          content: [
            { type: 'text/plain', value: message.text },
            { type: 'text/html', value: message.html },
          ],
        }),
    headers: singleHeaders(message.headers),
    tracking_settings: {
      click_tracking: { enable: tracking, enable_text: tracking },
      open_tracking: { enable: tracking },
      subscription_tracking: { enable: tracking },
    },
    ...(Object.keys(mailSettings).length ? { mail_settings: mailSettings } : {}),
    ...(options.categories?.length ? { categories: options.categories } : {}),
    ...(options.ipPoolName ? { ip_pool_name: options.ipPoolName } : {}),
  };
}

export function sendgridTransport(options: SendgridOptions): Transport {
  const client = sendgridClient(options);
  let ids: Promise<Map<string, string>> | undefined;
  const templateId = async (name: string, signal: AbortSignal) => {
    const configured = options.templateIds?.[name];
    if (configured) return configured;
    ids ??= listSendgridTemplates(client, signal).then((list) => new Map(list.map((t) => [t.name, t.id])));
    const found = await ids.catch((error) => {
      ids = undefined;
      throw error;
    });
    const id = found.get(name);
    if (!id) {
      ids = undefined;
      throw sendFailure(
        'sendgrid',
        { code: 'REJECTED', retryable: false },
        `no dynamic template named "${name}" (run \`authmail export sendgrid --push\`, or map it in templateIds)`,
      );
    }
    return id;
  };
  return {
    name: 'sendgrid',
    hosted: true,
    async send(message, { signal }) {
      const id = message.context.hosted ? await templateId(message.context.hosted.name, signal) : undefined;
      const response = await client.request(
        { method: 'POST', path: '/v3/mail/send', body: { json: sendgridMailBody(message, options, id) } },
        signal,
      );
      return {
        messageId: response.headers.get('x-message-id') ?? message.messageId,
        accepted: [message.to.address],
        response: `${response.status} Accepted`,
      };
    },
  };
}

export function createSendgridTransport(input: SendgridOptionsInput): Transport {
  return sendgridTransport(parseTransportOptions(sendgridOptionsSchema, input, 'sendgrid'));
}
