/**
 * Amazon SES v2 through `@aws-sdk/client-sesv2` (SigV4 signing), for the
 * transport and the exporter. The SDK is loaded on first use, so loading the
 * sender does not load it; its own retries are off (`maxAttempts: 1`): the
 * mailer and the exporter decide. SDK errors are classified like HTTP
 * answers — status, `Retry-After`, and the exception name (throttling is
 * transient, a rejected or unverified sender is not, a refused signature is
 * an authentication failure).
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SendError } from '../../core/errors.ts';
import { createRedactor } from '../../core/redact.ts';
import { type Classified, classifyHttpStatus, classifyNetworkError, sendFailure } from '../../mail/classify.ts';
import type { SesOptions } from './options.ts';

export type SesSdk = typeof import('@aws-sdk/client-sesv2');

let sdk: Promise<SesSdk> | undefined;
/** The SDK module, imported once. */
export const loadSesSdk = () => {
  sdk ??= import('@aws-sdk/client-sesv2');
  return sdk;
};

type SesCredentials = Pick<SesOptions, 'region' | 'endpoint' | 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;

export async function createSesClient(options: SesCredentials): Promise<{ client: SESv2Client; sdk: SesSdk }> {
  const mod = await loadSesSdk();
  const client = new mod.SESv2Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? {
          credentials: {
            accessKeyId: options.accessKeyId,
            secretAccessKey: options.secretAccessKey,
            ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
          },
        }
      : {}),
    maxAttempts: 1,
  });
  return { client, sdk: mod };
}

const THROTTLING = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException', 'RequestThrottled']);
const AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AccessDeniedException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'MissingAuthenticationToken',
]);

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
}

/** Classifies an SDK error. */
export function classifySesError(error: unknown): Classified {
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? '';
  if (status === undefined || status < 300) {
    if (name === 'CredentialsProviderError') return { code: 'AUTH_FAILED', retryable: false, detail: name };
    return classifyNetworkError(error);
  }
  const raw = e.$response?.headers ?? {};
  const headers = { get: (k: string) => raw[k.toLowerCase()] ?? null };
  const c = { ...classifyHttpStatus(status, headers), detail: name || undefined };
  if (THROTTLING.has(name)) return { ...c, code: 'TEMPORARY_FAILURE', retryable: true };
  if (AUTH.has(name)) return { ...c, code: 'AUTH_FAILED', retryable: false };
  return c;
}

/** The SendError for a failed SDK call, secrets redacted. */
export function sesFailure(error: unknown, operation: string, secrets: readonly (string | undefined)[]): SendError {
  const e = (error ?? {}) as SdkError;
  const c = classifySesError(error);
  const status = e.$metadata?.httpStatusCode;
  const why =
    e.name === 'CredentialsProviderError'
      ? `no AWS credentials (set accessKeyId and secretAccessKey, or provide them to the SDK's default chain): ${e.message}`
      : `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  const message = `${operation}${status ? ` answered ${status}` : ' failed'}: ${why}`;
  return sendFailure('ses', c, createRedactor(secrets).string(message));
}

/** `Name <addr>` with a non-ASCII name as a MIME encoded-word, as SES requires. */
export function sesMailbox(m: { name?: string; address: string }): string {
  if (!m.name) return m.address;
  const name = /^[\u0020-\u007e]*$/.test(m.name)
    ? /[()<>[\]:;@\\,."]/.test(m.name)
      ? JSON.stringify(m.name)
      : m.name
    : `=?UTF-8?B?${Buffer.from(m.name, 'utf8').toString('base64')}?=`;
  return `${name} <${m.address}>`;
}
