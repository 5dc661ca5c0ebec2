/**
 * Aliyun (Alibaba Cloud Direct Mail) transport. `method: 'api'`: the signed
 * RPC action `SingleSendMail` (POST, form-encoded) with the rendered
 * subject, HtmlBody and TextBody, link tracking off; answer `{ EnvId,
 * RequestId }`. `method: 'smtp'`: the same MIME source as the smtp transport,
 * through smtpdm.aliyun.com:465. Provider-hosted templates are not offered:
 * Direct Mail's API template syntax is undocumented and templates need
 * manual approval.
 */
import { SendError } from '../../core/errors.ts';
import type { OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { smtpTransport } from '../smtp/transport.ts';
import { aliyunClient, type RpcSigning, signedParams } from './api.ts';
import { type AliyunApiOptions, type AliyunOptions, type AliyunOptionsInput, aliyunOptionsSchema } from './options.ts';

export { type AliyunOptions, type AliyunOptionsInput, aliyunOptionsSchema } from './options.ts';

/** SingleSendMail's parameters for a message. */
export function singleSendMailParams(message: OutgoingMessage, options: AliyunApiOptions): Record<string, string> {
  const alias = options.fromAlias ?? message.from.name;
  return {
    AccountName: options.accountName ?? message.from.address,
    AddressType: String(options.addressType),
    ReplyToAddress: String(options.replyToAddress),
    ToAddress: message.to.address,
    Subject: message.subject,
    HtmlBody: message.html,
    TextBody: message.text,
    ClickTrace: options.clickTrace ? '1' : '0',
    ...(alias ? { FromAlias: alias } : {}),
    ...(options.tagName ? { TagName: options.tagName } : {}),
  };
}

function aliyunApiTransport(options: AliyunApiOptions, signing: RpcSigning): Transport {
  const client = aliyunClient(options);
  return {
    name: 'aliyun',
    async send(message, { signal }) {
      const fields = signedParams('SingleSendMail', singleSendMailParams(message, options), options, signing);
      const response = await client.request({ method: 'POST', path: '/', body: { urlencoded: fields } }, signal);
      const answer = response.json as { EnvId?: unknown; RequestId?: unknown } | undefined;
      const id = answer?.EnvId ?? answer?.RequestId;
      return {
        messageId: typeof id === 'string' ? id : message.messageId,
        accepted: [message.to.address],
        response: `${response.status} RequestId ${String(answer?.RequestId ?? '')}`.trim(),
      };
    },
  };
}

function aliyunSmtpTransport(options: Extract<AliyunOptions, { method: 'smtp' }>): Transport {
  const smtp = smtpTransport(options.smtp);
  return {
    name: 'aliyun',
    async send(message, send) {
      try {
        return await smtp.send(message, send);
      } catch (error) {
        if (!(error instanceof SendError)) throw error;
        throw new SendError({ ...error.toJSON(), transport: 'aliyun', message: `smtp: ${error.message}` });
      }
    },
    close: () => smtp.close?.(),
  };
}

export function aliyunTransport(options: AliyunOptions, signing: RpcSigning = {}): Transport {
  return options.method === 'smtp' ? aliyunSmtpTransport(options) : aliyunApiTransport(options, signing);
}

export function createAliyunTransport(input: AliyunOptionsInput, signing: RpcSigning = {}): Transport {
  return aliyunTransport(parseTransportOptions(aliyunOptionsSchema, input, 'aliyun'), signing);
}
