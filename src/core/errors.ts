/**
 * Every error authmail throws, with one table of codes (as nodemailer's
 * `errors.js`). Each error carries a stable `code` so callers (CLI, HTTP
 * endpoint, transports) can map it without parsing messages, and a message
 * that names the template / variable / locale / transport at fault.
 */
import type { ConfigIssue } from './schema.ts';

export type AuthmailErrorCode =
  | 'UNKNOWN_TEMPLATE'
  | 'UNKNOWN_LOCALE'
  | 'MISSING_VARIABLE'
  | 'INVALID_VARIABLE'
  | 'MISSING_TRANSLATION'
  | 'INVALID_LOCALE_FILE'
  | 'INVALID_TEMPLATE'
  | 'INVALID_BUNDLE'
  | 'INVALID_CONFIG'
  | 'INVALID_INPUT'
  /** A Redis (shared rate limits, the send queue) that cannot be used: its cause named. */
  | 'REDIS_FAILED'
  /** A queued email that was not delivered: expired before a worker could deliver it, or refused. */
  | 'QUEUE_FAILED'
  /** A server (serve, the preview) could not listen on its port. */
  | 'LISTEN_FAILED'
  // sending (below: SendError, AddressError, HeaderError)
  | 'INVALID_ADDRESS'
  | 'INVALID_HEADER'
  | SendErrorCode;

export class AuthmailError extends Error {
  readonly code: AuthmailErrorCode;
  constructor(code: AuthmailErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A command-line or API call that is malformed (a missing argument, an unknown option value). */
/** A config (or a provider's options) that does not validate: every issue with its key path. */
export class ConfigError extends AuthmailError {
  readonly issues: readonly ConfigIssue[];
  constructor(source: string, issues: readonly ConfigIssue[]) {
    super(
      'INVALID_CONFIG',
      `Invalid config (${source}):\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

export class UsageError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

export class UnknownTemplateError extends AuthmailError {
  readonly template: string;
  constructor(template: string, known: readonly string[]) {
    super('UNKNOWN_TEMPLATE', `Unknown template "${template}". Known templates: ${known.join(', ')}.`);
    this.template = template;
  }
}

export class UnknownLocaleError extends AuthmailError {
  readonly locale: string;
  constructor(locale: string, reason: string) {
    super('UNKNOWN_LOCALE', `Unknown locale "${locale}": ${reason}`);
    this.locale = locale;
  }
}

export type VariableProblem = 'missing' | 'malformed';

export class VariableError extends AuthmailError {
  readonly template: string;
  readonly variable: string;
  readonly reason: string;
  readonly problem: VariableProblem;
  constructor(template: string, variable: string, problem: VariableProblem, reason: string) {
    super(
      problem === 'missing' ? 'MISSING_VARIABLE' : 'INVALID_VARIABLE',
      `Template "${template}": variable "${variable}" ${reason}.`,
    );
    this.template = template;
    this.variable = variable;
    this.problem = problem;
    this.reason = reason;
  }
}

export class MissingTranslationError extends AuthmailError {
  readonly locale: string;
  readonly key: string;
  constructor(locale: string, key: string, detail = 'is missing') {
    super('MISSING_TRANSLATION', `Locale "${locale}": translation "${key}" ${detail}.`);
    this.locale = locale;
    this.key = key;
  }
}

/** A template file that cannot be used: not a `defineEmail` export, a bad file name, a Logto type claimed twice. */
export class TemplateError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_TEMPLATE', message);
  }
}

/** A locale file that is not valid JSON: named with its line and column, as an editor shows them. */
export class LocaleFileError extends AuthmailError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(file: string, reason: string, line?: number, column?: number) {
    super('INVALID_LOCALE_FILE', `${file}${line === undefined ? '' : `:${line}:${column ?? 1}`}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

export class BundleError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_BUNDLE', message);
  }
}

/* ---------- sending ---------- */

/**
 * Errors of the sender. `SendError` is what `mailer.send()` throws when a
 * transport could not deliver: a stable `code`, the transport's name, the
 * SMTP reply code or HTTP status when there was one, whether the failure was
 * transient, and how many attempts were made. Messages never carry secrets
 * (the mailer redacts them) and name the problem.
 */

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
