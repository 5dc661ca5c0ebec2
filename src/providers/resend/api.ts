/**
 * Resend's API for the transport and the exporter: `Authorization: Bearer`,
 * its error body `{ statusCode, name, message }` and the IETF rate-limit
 * headers (`retry-after`, `ratelimit-reset`). A daily or monthly quota that is
 * used up is not worth retrying within a send's deadline; a concurrent
 * request with the same idempotency key is.
 */
import { type ApiClient, type ApiResponse, createApiClient, type ProviderError, redactedAuth } from '../../mail/api.ts';
import { RESEND_BASE_URL, type ResendOptions } from './options.ts';

export function readResendError(response: ApiResponse): ProviderError {
  const body = response.json as { name?: unknown; message?: unknown } | undefined;
  if (!body || typeof body.message !== 'string') return {};
  const name = typeof body.name === 'string' ? body.name : undefined;
  const message = `${body.message}${name ? ` (${name})` : ''}`;
  if (name === 'daily_quota_exceeded' || name === 'monthly_quota_exceeded') {
    return { message, classified: { code: 'REJECTED', retryable: false, retryAfterMs: undefined } };
  }
  if (name === 'concurrent_idempotent_requests') {
    return { message, classified: { code: 'TEMPORARY_FAILURE', retryable: true } };
  }
  return { message };
}

export function resendClient(options: Pick<ResendOptions, 'apiKey' | 'baseUrl'>): ApiClient {
  return createApiClient({
    name: 'resend',
    baseUrl: options.baseUrl ?? RESEND_BASE_URL,
    headers: { Authorization: `Bearer ${options.apiKey}` },
    redactedHeaders: { Authorization: redactedAuth('Bearer') },
    readError: readResendError,
    secrets: [options.apiKey],
  });
}
