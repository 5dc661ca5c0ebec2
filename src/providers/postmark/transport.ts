/**
 * Postmark transport: `POST /email` with the rendered subject, HtmlBody and
 * TextBody — or `POST /email/withTemplate` with the template alias
 * `authmail-<template>-<locale>` and its TemplateModel for a hosted send —
 * on the transactional `outbound` stream, open and link tracking off.
 * Answer: 200 `{ To, SubmittedAt, MessageID, ErrorCode: 0, Message: "OK" }`.
 */
import { sendFailure } from '../../mail/classify.ts';
import { formatMailbox, type OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { postmarkClient } from './api.ts';
import { type PostmarkOptions, type PostmarkOptionsInput, postmarkOptionsSchema } from './options.ts';

export { type PostmarkOptions, type PostmarkOptionsInput, postmarkOptionsSchema } from './options.ts';

/** The request for a message: `/email`, or `/email/withTemplate` for a hosted send. */
export function postmarkEmailRequest(message: OutgoingMessage, options: PostmarkOptions) {
  const common = {
    From: formatMailbox(message.from),
    To: formatMailbox(message.to),
    ...(message.replyTo ? { ReplyTo: formatMailbox(message.replyTo) } : {}),
    Headers: Object.entries(message.headers).flatMap(([Name, v]) =>
      (Array.isArray(v) ? v : [v]).map((Value) => ({ Name, Value })),
    ),
    MessageStream: options.messageStream,
    TrackOpens: options.trackOpens,
    TrackLinks: options.trackLinks,
    ...(options.tag ? { Tag: options.tag } : {}),
  };
  const hosted = message.context.hosted;
  if (hosted) {
    return {
      path: '/email/withTemplate',
      body: { ...common, TemplateAlias: hosted.name, TemplateModel: hosted.data(), InlineCss: false },
    };
  }
  return {
    path: '/email',
    body: { ...common, Subject: message.subject, HtmlBody: message.html, TextBody: message.text },
  };
}

export function postmarkTransport(options: PostmarkOptions): Transport {
  const client = postmarkClient(options);
  return {
    name: 'postmark',
    hosted: true,
    async send(message, { signal }) {
      const { path, body } = postmarkEmailRequest(message, options);
      const response = await client.request({ method: 'POST', path, body: { json: body } }, signal);
      const answer = response.json as { MessageID?: unknown; ErrorCode?: unknown; Message?: unknown } | undefined;
      if (answer?.ErrorCode !== undefined && answer.ErrorCode !== 0) {
        throw sendFailure(
          'postmark',
          { code: 'REJECTED', retryable: false, status: response.status },
          `POST ${path} answered ${response.status} with ErrorCode ${String(answer.ErrorCode)}: ${String(answer.Message ?? '')}`,
        );
      }
      return {
        messageId: typeof answer?.MessageID === 'string' ? answer.MessageID : message.messageId,
        accepted: [message.to.address],
        response: `${response.status} ${typeof answer?.Message === 'string' ? answer.Message : ''}`.trim(),
      };
    },
  };
}

export function createPostmarkTransport(input: PostmarkOptionsInput): Transport {
  return postmarkTransport(parseTransportOptions(postmarkOptionsSchema, input, 'postmark'));
}
