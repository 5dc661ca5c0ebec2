/**
 * Errors of the sender. `SendError` is what `mailer.send()` throws when a
 * transport could not deliver: a stable `code`, the transport's name, the
 * SMTP reply code or HTTP status when there was one, whether the failure was
 * transient, and how many attempts were made. Messages never carry secrets
 * (the mailer redacts them) and name the problem.
 */
import { AuthmailError } from '../errors.ts';

export type SendErrorCode =
  /** Connection refused, reset or dropped mid-transaction; DNS failure. Retryable, except an unknown host. */
  | 'CONNECTION_FAILED'
  /** An attempt ran out of time (per-attempt timeout or the total deadline). Retryable. */
  | 'TIMEOUT'
  /** The peer said "not now": SMTP 4xx, HTTP 408/425/429/5xx. Retryable; `retryAfterMs` when the peer said when. */
  | 'TEMPORARY_FAILURE'
  /** The peer refused the message for good: SMTP 5xx, HTTP 4xx, or no recipient accepted. */
  | 'REJECTED'
  /** Credentials refused or missing (SMTP 535, 530; 454 is retryable). */
  | 'AUTH_FAILED'
  /** TLS could not be set up: STARTTLS refused while required, certificate not trusted, protocol mismatch. */
  | 'TLS_FAILED'
  /** The caller's AbortSignal fired. */
  | 'ABORTED'
  /** Anything else: misconfiguration, I/O error of the outbox, an unexpected reply. Not retried. */
  | 'TRANSPORT_FAILED';

export interface SendFailureInit {
  code: SendErrorCode;
  transport: string;
  message: string;
  retryable: boolean;
  /** SMTP reply code or HTTP status. */
  status?: number | undefined;
  /** The peer asked to wait this long before retrying (HTTP `Retry-After`). */
  retryAfterMs?: number | undefined;
  /** The underlying error code, such as `ECONNREFUSED` or `EAUTH`. */
  detail?: string | undefined;
  /** Attempts made so far (1 when a transport reports one failed attempt). */
  attempts?: number;
  /** Message-ID of the message that failed. */
  messageId?: string | undefined;
}

export class SendError extends AuthmailError {
  declare readonly code: SendErrorCode;
  readonly transport: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly retryAfterMs?: number;
  readonly detail?: string;
  readonly messageId?: string;
  constructor(init: SendFailureInit) {
    super(init.code, init.message);
    this.transport = init.transport;
    this.retryable = init.retryable;
    this.attempts = init.attempts ?? 1;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.messageId !== undefined) this.messageId = init.messageId;
  }

  /** A plain object for logs and `--json` output. */
  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      transport: this.transport,
      status: this.status,
      retryable: this.retryable,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      detail: this.detail,
      messageId: this.messageId,
    };
  }
}

export type AddressField = 'to' | 'from' | 'replyTo';

/** A recipient, sender or reply-to address that cannot be used; thrown before anything is sent. */
export class AddressError extends AuthmailError {
  readonly field: AddressField;
  readonly address: string;
  readonly reason: string;
  constructor(field: AddressField, address: string, reason: string) {
    const what = field === 'to' ? 'recipient' : field === 'from' ? 'sender (from)' : 'reply-to';
    super('INVALID_ADDRESS', `Invalid ${what} address ${JSON.stringify(address)}: ${reason}.`);
    this.field = field;
    this.address = address;
    this.reason = reason;
  }
}

/** A custom header that cannot be sent; thrown before anything is sent. */
export class HeaderError extends AuthmailError {
  readonly header: string;
  constructor(header: string, reason: string) {
    super('INVALID_HEADER', `Invalid header ${JSON.stringify(header)}: ${reason}.`);
    this.header = header;
  }
}
