/**
 * Mailgun's API for the transport and the exporter: HTTP Basic `api:<key>`,
 * multipart bodies, the region's base URL, and its error bodies — JSON
 * `{ message }` (400, 429 "… try again after 120 seconds", 500) or plain
 * text (401 "Forbidden").
 */
import { type ApiClient, type ApiResponse, createApiClient, type ProviderError, redactedAuth } from '../../mail/api.ts';
import { MAILGUN_BASE_URLS, type MailgunOptions } from './options.ts';

export function readMailgunError(response: ApiResponse): ProviderError {
  const message = (response.json as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') return {};
  // 429 without Retry-After: the message says when.
  const after = /try again after (\d+) seconds?/i.exec(message);
  const classified =
    after && response.status === 429 && !response.headers.get('retry-after')
      ? { retryAfterMs: Number(after[1]) * 1000 }
      : undefined;
  return { message, classified };
}

export function mailgunClient(options: Pick<MailgunOptions, 'apiKey' | 'region' | 'baseUrl'>): ApiClient {
  const basic = Buffer.from(`api:${options.apiKey}`).toString('base64');
  return createApiClient({
    name: 'mailgun',
    baseUrl: options.baseUrl ?? MAILGUN_BASE_URLS[options.region],
    headers: { Authorization: `Basic ${basic}` },
    redactedHeaders: { Authorization: redactedAuth('Basic') },
    readError: readMailgunError,
    secrets: [options.apiKey, basic],
  });
}

/** `/v3/<domain>` (the domain is validated by the options schema). */
export const domainPath = (domain: string) => `/v3/${domain}`;
