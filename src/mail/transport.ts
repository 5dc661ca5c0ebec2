/**
 * The one interface every transport implements (outbox, smtp, http, and the
 * provider APIs that come later). A transport receives a fully built
 * `OutgoingMessage` — the rendered parts, the MIME source on demand, and the
 * template context (template id, Logto type, resolved locale, the caller's
 * variables) — and either delivers it once or throws a `SendError` saying
 * whether the failure was transient (see `classify.ts`). Retries, timeouts
 * and the deadline belong to the mailer, not to transports.
 */
import type { OutgoingMessage } from './message.ts';

export interface TransportSendOptions {
  /** Aborts this attempt (per-attempt timeout, total deadline, or the caller). Transports must honour it. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface TransportResult {
  /** The transport's id for the message: the Message-ID, or the provider's id. */
  messageId: string;
  /** Recipients the peer accepted. The mailer fails the send when its recipient is not among them. */
  accepted: string[];
  /** The peer's answer (SMTP reply, HTTP status, outbox file), for logs. */
  response?: string;
}

export interface Transport {
  /** Short name used in results, errors and logs: `outbox`, `smtp`, `http`, … */
  readonly name: string;
  /** True when the transport can send with a provider-hosted template (`message.context.hosted`). */
  readonly hosted?: boolean;
  /**
   * Waits for a free connection (pooled transports) and returns its release. The mailer calls it before
   * each attempt and starts the attempt timeout only when it resolves: time spent queueing for a
   * connection must not cut an attempt short mid-transaction (a message the server took, then sent again).
   */
  acquire?(signal: AbortSignal): Promise<() => void>;
  /** Delivers one message once. Throws `SendError` (see `sendFailure` in classify.ts). */
  send(message: OutgoingMessage, options: TransportSendOptions): Promise<TransportResult>;
  /** Releases connections (SMTP pool). */
  close?(): Promise<void> | void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEvent {
  level: LogLevel;
  message: string;
  transport?: string;
  messageId?: string;
  attempt?: number;
  delayMs?: number;
  [key: string]: unknown;
}

/** Where the mailer and transports report what they do. Lines are redacted before they get here. */
export type Log = (event: LogEvent) => void;
