/**
 * SES transport: SES v2 `SendEmail` (`POST /v2/email/outbound-emails`,
 * SigV4) with `Content.Simple` — the rendered subject, HTML and text and the
 * message's headers — or, for a hosted send, `Content.Template` with the
 * stored template `authmail-<template>-<locale>` and its `TemplateData` (a
 * JSON string). Answer: `{ MessageId }`.
 */
import type { SESv2Client, SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { secretValues } from '../../core/redact.ts';
import type { OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { createSesClient, type SesSdk, sesFailure, sesMailbox } from './api.ts';
import { type SesOptions, type SesOptionsInput, sesOptionsSchema } from './options.ts';

export { type SesOptions, type SesOptionsInput, sesOptionsSchema } from './options.ts';

export function sesSendInput(message: OutgoingMessage, options: SesOptions): SendEmailCommandInput {
  const Headers = Object.entries(message.headers).flatMap(([Name, v]) =>
    (Array.isArray(v) ? v : [v]).map((Value) => ({ Name, Value })),
  );
  const hosted = message.context.hosted;
  const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
  return {
    FromEmailAddress: sesMailbox(message.from),
    Destination: { ToAddresses: [sesMailbox(message.to)] },
    ...(message.replyTo ? { ReplyToAddresses: [sesMailbox(message.replyTo)] } : {}),
    Content: hosted
      ? { Template: { TemplateName: hosted.name, TemplateData: JSON.stringify(hosted.data()), Headers } }
      : {
          Simple: {
            Subject: utf8(message.subject),
            Body: { Text: utf8(message.text), Html: utf8(message.html) },
            Headers,
          },
        },
    ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
    ...(options.tags ? { EmailTags: Object.entries(options.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
  };
}

export function sesTransport(options: SesOptions): Transport {
  const secrets = secretValues(options);
  let client: Promise<{ client: SESv2Client; sdk: SesSdk }> | undefined;
  return {
    name: 'ses',
    hosted: true,
    async send(message, { signal }) {
      client ??= createSesClient(options);
      const { client: ses, sdk } = await client;
      try {
        const out = await ses.send(new sdk.SendEmailCommand(sesSendInput(message, options)), { abortSignal: signal });
        return {
          messageId: out.MessageId ?? message.messageId,
          accepted: [message.to.address],
          response: `${out.$metadata.httpStatusCode ?? 200} ${out.MessageId ?? ''}`.trim(),
        };
      } catch (error) {
        if (signal.aborted) throw error;
        throw sesFailure(error, 'SendEmail', secrets);
      }
    },
    async close() {
      if (client) (await client).client.destroy();
    },
  };
}

export function createSesTransport(input: SesOptionsInput): Transport {
  return sesTransport(parseTransportOptions(sesOptionsSchema, input, 'ses'));
}
