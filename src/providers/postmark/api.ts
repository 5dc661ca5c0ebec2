/**
 * Postmark's API for the transport and the exporter: `X-Postmark-Server-Token`
 * auth and its error body `{ ErrorCode, Message }` (HTTP 401, 422, 429, 500, 503).
 */
import { REDACTED } from '../../core/redact.ts';
import { type ApiClient, type ApiResponse, createApiClient, type ProviderError } from '../../mail/api.ts';
import { POSTMARK_BASE_URL, type PostmarkOptions } from './options.ts';

export function readPostmarkError(response: ApiResponse): ProviderError {
  const body = response.json as { ErrorCode?: unknown; Message?: unknown } | undefined;
  if (!body || typeof body.Message !== 'string') return {};
  return {
    message: `${body.Message}${body.ErrorCode !== undefined ? ` (ErrorCode ${String(body.ErrorCode)})` : ''}`,
  };
}

export function postmarkClient(options: Pick<PostmarkOptions, 'serverToken' | 'baseUrl'>): ApiClient {
  return createApiClient({
    name: 'postmark',
    baseUrl: options.baseUrl ?? POSTMARK_BASE_URL,
    headers: { 'X-Postmark-Server-Token': options.serverToken },
    redactedHeaders: { 'X-Postmark-Server-Token': REDACTED },
    readError: readPostmarkError,
    secrets: [options.serverToken],
  });
}
