/**
 * Outgoing webhook in the shape of Logto's HTTP email connector: POST JSON
 * `{ to, type, payload, ip? }` (type = the Logto template type, payload = the
 * caller's variables) plus `rendered: { subject, html, text, locale }`, so a
 * receiver can either localize itself as Logto expects or send what authmail
 * rendered. Sent with the configured `Authorization` header verbatim and,
 * with a signing secret, Standard Webhooks headers; `webhook-id` is the same
 * on every retry of one send so the receiver can drop a duplicate.
 * Any 2xx is accepted; anything else is a failure (redirects are not followed).
 */

import { createRedactor, secretValues } from '../../core/redact.ts';
import { classifyHttpStatus, classifyNetworkError, sendFailure } from '../../mail/classify.ts';
import { checkHeaders, type OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { type HttpOptions, type HttpOptionsInput, httpOptionsSchema } from './options.ts';
import { signWebhook } from './signature.ts';

export { type HttpOptions, type HttpOptionsInput, httpOptionsSchema } from './options.ts';
export { signWebhook, verifyWebhook } from './signature.ts';

/** The JSON body the endpoint receives. */
export interface HttpEmailBody {
  to: string;
  /** Logto template type (`SignIn`, `OrganizationInvitation`, …). */
  type: string;
  /** The caller's variables (Logto's payload: code, link, locale, application, …). */
  payload: Record<string, unknown>;
  ip?: string;
  rendered: { subject: string; html: string; text: string; locale: string };
}

export function httpBody(message: OutgoingMessage): HttpEmailBody {
  const { context } = message;
  const payload: Record<string, unknown> = { ...context.variables };
  if (payload.locale === undefined && context.requestedLocale !== undefined) payload.locale = context.requestedLocale;
  return {
    to: message.to.address,
    type: context.logtoType,
    payload,
    ...(context.ip ? { ip: context.ip } : {}),
    rendered: { subject: message.subject, html: message.html, text: message.text, locale: context.locale },
  };
}

/** `msg_<hex>`: stable for one message (all its attempts). */
export const webhookId = (message: OutgoingMessage) =>
  `msg_${message.messageId.slice(1, message.messageId.indexOf('@')).replace(/[^A-Za-z0-9]/g, '')}`;

const MAX_ERROR_BODY = 300;

async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

export function httpTransport(options: HttpOptions): Transport {
  const redact = createRedactor(secretValues(options));
  const extra = checkHeaders(options.headers);
  return {
    name: 'http',
    async send(message, { signal }) {
      const body = JSON.stringify(httpBody(message));
      const id = webhookId(message);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        ...(extra as Record<string, string>),
        'content-type': 'application/json',
        'user-agent': 'authmail',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
      };
      if (options.authorization) headers.authorization = options.authorization;
      if (options.signingSecret) headers['webhook-signature'] = signWebhook(options.signingSecret, id, timestamp, body);
      let response: Response;
      try {
        response = await fetch(options.endpoint, { method: 'POST', headers, body, signal, redirect: 'manual' });
      } catch (error) {
        if (signal.aborted) throw error;
        const c = classifyNetworkError(error);
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw sendFailure(
          'http',
          c,
          redact.string(`POST ${options.endpoint} failed: ${cause ?? (error as Error).message}`),
        );
      }
      const text = await readText(response);
      if (response.status >= 200 && response.status < 300) {
        let providerId: unknown;
        try {
          const json = JSON.parse(text) as { messageId?: unknown; id?: unknown };
          providerId = json?.messageId ?? json?.id;
        } catch {}
        return {
          messageId: typeof providerId === 'string' && providerId ? providerId : id,
          accepted: [message.to.address],
          response: `${response.status} ${response.statusText}`.trim(),
        };
      }
      const c = classifyHttpStatus(response.status, response.headers);
      const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_BODY);
      const reason =
        response.status >= 300 && response.status < 400
          ? `redirected to ${response.headers.get('location') ?? '(no location)'}; redirects are not followed`
          : excerpt || response.statusText;
      throw sendFailure('http', c, redact.string(`POST ${options.endpoint} answered ${response.status}: ${reason}`));
    },
  };
}

export function createHttpTransport(input: HttpOptionsInput): Transport {
  return httpTransport(parseTransportOptions(httpOptionsSchema, input, 'http'));
}
