/**
 * One place that decides whether a failure is transient (retry) or permanent
 * (fail at once), for every transport: SMTP replies and nodemailer's error
 * codes, HTTP statuses with `Retry-After`, and socket/TLS errors. Provider
 * transports use the same functions.
 *
 *   transient: SMTP 4xx (and 503), connection refused/reset/dropped, timeouts,
 *              HTTP 408, 425, 429 and 5xx
 *   permanent: SMTP 5xx, HTTP 4xx (and 3xx: redirects are not followed),
 *              authentication and TLS failures, unknown host, bad config
 */
import { SendError, type SendErrorCode } from '../core/errors.ts';

export interface Classified {
  code: SendErrorCode;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  detail?: string;
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * When a rate limit resets, as milliseconds from now, from the providers'
 * rate-limit headers: `X-RateLimit-Reset` (SendGrid: Unix epoch seconds) or
 * the IETF draft's `RateLimit-Reset` (Resend: seconds from now). A value
 * above 10^9 is read as an epoch time, a smaller one as seconds from now.
 */
export function parseRateLimitReset(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  const value = headers?.get('ratelimit-reset') ?? headers?.get('x-ratelimit-reset');
  if (value == null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n > 1e9 ? Math.max(0, Math.round(n * 1000 - now)) : Math.round(n * 1000);
}

const RETRYABLE_HTTP = new Set([408, 425, 429]);

/**
 * Classifies a non-2xx HTTP response. The wait before a retry is the
 * `Retry-After` header, else (on 429) the rate-limit reset headers.
 */
export function classifyHttpStatus(
  status: number,
  headers?: { get(name: string): string | null },
  now = Date.now(),
): Classified {
  const retryAfterMs =
    parseRetryAfter(headers?.get('retry-after'), now) ??
    (status === 429 ? parseRateLimitReset(headers, now) : undefined);
  const transient = status >= 500 || RETRYABLE_HTTP.has(status);
  const out: Classified = {
    code: transient ? 'TEMPORARY_FAILURE' : status === 401 || status === 403 ? 'AUTH_FAILED' : 'REJECTED',
    retryable: transient,
    status,
  };
  if (transient && retryAfterMs !== undefined) out.retryAfterMs = retryAfterMs;
  return out;
}

const TRANSIENT_NET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const isTlsCode = (code: string) =>
  /^(ERR_SSL_|ERR_TLS_)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/.test(code);

type ErrorLike = { code?: unknown; cause?: unknown; message?: unknown; name?: unknown };

/** The innermost error code of an error chain (`fetch failed` → cause `ECONNREFUSED`). */
export function errorCode(error: unknown): string | undefined {
  let e = error as ErrorLike | undefined;
  let found: string | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (typeof e.code === 'string') found = e.code;
    e = e.cause as ErrorLike | undefined;
  }
  return found;
}

/** Classifies a socket-level error (no reply from the peer). */
export function classifyNetworkError(error: unknown): Classified {
  const code = errorCode(error) ?? '';
  const message = String((error as ErrorLike)?.message ?? '');
  if (isTlsCode(code) || /wrong version number|certificate|ssl3_get_record|tls/i.test(message)) {
    return { code: 'TLS_FAILED', retryable: false, ...(code ? { detail: code } : {}) };
  }
  if (code === 'ENOTFOUND') return { code: 'CONNECTION_FAILED', retryable: false, detail: code };
  if (code === 'ETIMEDOUT' || code.endsWith('_TIMEOUT')) return { code: 'TIMEOUT', retryable: true, detail: code };
  if (TRANSIENT_NET.has(code)) return { code: 'CONNECTION_FAILED', retryable: true, detail: code };
  return { code: 'TRANSPORT_FAILED', retryable: false, ...(code ? { detail: code } : {}) };
}

interface NodemailerErrorLike {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  originalCode?: string;
  command?: string;
  message?: string;
}

/** Classifies a nodemailer (SMTP) error by its reply code, then its error code. */
export function classifySmtpError(error: unknown): Classified {
  const e = (error ?? {}) as NodemailerErrorLike;
  const code = e.code ?? '';
  const detail = e.originalCode ?? (code || undefined);
  const withDetail = (c: Classified): Classified => (detail ? { ...c, detail } : c);
  // STARTTLS refused while required: whatever the reply code, retrying will not help.
  if (code === 'ETLS' || code === 'EREQUIRETLS') {
    return withDetail({ code: 'TLS_FAILED', retryable: false, ...(e.responseCode ? { status: e.responseCode } : {}) });
  }
  if (typeof e.responseCode === 'number' && e.responseCode >= 200) {
    const status = e.responseCode;
    const permanent = e.permanent ?? (status >= 500 && status !== 503);
    if (code === 'EAUTH') return withDetail({ code: 'AUTH_FAILED', retryable: !permanent, status });
    if (permanent) return withDetail({ code: 'REJECTED', retryable: false, status });
    return withDetail({ code: 'TEMPORARY_FAILURE', retryable: true, status });
  }
  switch (code) {
    case 'EAUTH':
    case 'ENOAUTH':
    case 'EOAUTH2':
      return withDetail({ code: 'AUTH_FAILED', retryable: false });
    case 'ETLS':
    case 'EREQUIRETLS':
      return withDetail({ code: 'TLS_FAILED', retryable: false });
    case 'ETIMEDOUT':
      return withDetail({ code: 'TIMEOUT', retryable: true });
    case 'ECONNECTION':
      return withDetail({ code: 'CONNECTION_FAILED', retryable: true });
    case 'ESOCKET':
    case 'EDNS': {
      const net = classifyNetworkError({ code: e.originalCode ?? code, message: e.message });
      if (net.code === 'TRANSPORT_FAILED') return withDetail({ code: 'CONNECTION_FAILED', retryable: true });
      return withDetail(net);
    }
    case 'EENVELOPE':
    case 'EMESSAGE':
      return withDetail({ code: 'REJECTED', retryable: false });
    default:
      return withDetail({ code: 'TRANSPORT_FAILED', retryable: false });
  }
}

/** Builds the SendError a transport throws for one failed attempt. */
export function sendFailure(transport: string, classified: Classified, message: string): SendError {
  return new SendError({ ...classified, transport, message, attempts: 1 });
}
