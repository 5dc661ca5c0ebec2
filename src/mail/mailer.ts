/**
 * `createMailer`: renders an email from a bundle, validates the recipient,
 * builds the message and hands it to one transport under the delivery rules
 * of retry.ts. Everything that can be checked is checked before the first
 * attempt, so a bad input never leaves half-sent.
 */

import { HeaderError, SendError } from '../core/errors.ts';
import { createRedactor, type Redactor } from '../core/redact.ts';
import type { Bundle } from '../runtime/bundle.ts';
import { hostedTemplate } from './hosted.ts';
import {
  addressKey,
  checkHeaders,
  createMessage,
  formatMailbox,
  type Headers,
  type Mailbox,
  type MailboxInput,
  parseMailbox,
} from './message.ts';
import { type DeliveryInput, deliver, deliveryOptions } from './retry.ts';
import type { Log, LogEvent, Transport } from './transport.ts';

export interface MailerDefaults {
  /** Locale when a send names none (and its variables carry none). */
  locale?: string | undefined;
  /** Variables merged under every send's variables (shallow: a send's key wins). */
  variables?: Record<string, unknown> | undefined;
  /** Headers added to every message (a send's header of the same name wins). */
  headers?: Headers | undefined;
}

export interface MailerOptions {
  /** Compiled templates (`loadBundle('dist')`). */
  bundle: Bundle;
  transport: Transport;
  /** `"Acme <no-reply@acme.example>"` or `{ name, address }`. */
  from: MailboxInput;
  replyTo?: MailboxInput | undefined;
  defaults?: MailerDefaults | undefined;
  /** Timeouts and retries (defaults: 10 s per attempt, 30 s in all, 5 attempts, backoff 0.5 s → 5 s). */
  delivery?: DeliveryInput | undefined;
  /** Receives what the mailer and the transport do (retries, successes), redacted. */
  log?: Log | undefined;
  /** Values that must never appear in errors or logs (passwords, API keys, tokens). */
  secrets?: Iterable<string> | undefined;
}

export interface SendInput {
  /** Template id, such as `sign-in`. */
  template: string;
  /** One recipient: `a@example.com`, `"Name <a@example.com>"` or `{ name, address }`. */
  to: MailboxInput;
  locale?: string | undefined;
  variables?: Record<string, unknown> | undefined;
  headers?: Headers | undefined;
  /**
   * The end user's IP (passed on by the http transport, as Logto does); shown as `request.ip` by a template
   * that declares it (logto.request) unless the variables give one.
   */
  ip?: string | undefined;
  /** Aborts sending (no further attempt starts). */
  signal?: AbortSignal | undefined;
  /**
   * The Message-ID (`<unique@domain>`), when the caller must recognise this email again: a queue gives
   * every delivery of one job the same (default: a new UUID at the sender's domain).
   */
  messageId?: string | undefined;
  /**
   * Send with the provider-hosted template `authmail-<template>-<locale>`
   * (exported with `authmail export <target> --push`) and its data, instead
   * of the locally rendered content. Provider transports only.
   */
  hosted?: boolean | undefined;
}

export interface SendResult {
  /** The transport's id: the Message-ID for outbox and SMTP. */
  messageId: string;
  transport: string;
  /** Recipients the transport accepted. */
  accepted: string[];
  /** Attempts it took (1 without retry). */
  attempts: number;
  /** The locale the email was rendered in. */
  locale: string;
  /** The peer's answer (SMTP reply, HTTP status, outbox file). */
  response?: string | undefined;
}

export interface Mailer {
  send(input: SendInput): Promise<SendResult>;
  /** Closes the transport (SMTP pool connections). */
  close(): Promise<void>;
  readonly transport: Transport;
  readonly from: Mailbox;
  /** Redacts known secrets from a text (for callers that print errors themselves). */
  readonly redact: Redactor;
}

// RFC 5322 msg-id: "<" id-left "@" id-right ">", printable ASCII without spaces.
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,200}@[\x21-\x3b\x3d\x3f-\x7e]{1,200}>$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The send's `ip` (Logto's, through `authmail serve`) as `request.ip`, for a template that shows where a
 * request came from (logto.request) and variables that do not say it themselves.
 */
function withRequestIp(bundle: Bundle, input: SendInput, variables: Record<string, unknown>) {
  if (typeof input.ip !== 'string' || input.ip === '') return variables;
  if (!bundle.manifest.templates[input.template]?.variables.some((v) => v.path === 'request.ip')) return variables;
  const request = variables.request ?? {};
  // Not an object: the render names it. An ip of the variables' own wins.
  if (!isPlainObject(request) || (request.ip !== undefined && request.ip !== null && request.ip !== ''))
    return variables;
  return { ...variables, request: { ...request, ip: input.ip } };
}

/**
 * Step 1 of a send, everything that can be checked without a transport: the recipient, the headers, the
 * variables (the render validates them) and the locale. Throws `AddressError`, `HeaderError`,
 * `VariableError`, `UnknownTemplateError` or `UnknownLocaleError`. A queue runs it before queueing.
 */
export function prepareSend(
  bundle: Bundle,
  defaults: MailerDefaults,
  input: SendInput,
  defaultHeaders: Headers = checkHeaders(defaults.headers),
) {
  if (!isPlainObject(input)) throw new TypeError('send() expects { template, to, variables, … }');
  const to = parseMailbox(input.to, 'to');
  const variables = withRequestIp(bundle, input, { ...defaults.variables, ...(input.variables ?? {}) });
  // Locale: the send's, else the variables' `locale` and `uiLocales`, else the default, else en.
  // The default goes last in the render's `uiLocales` so that the variables' tags come first.
  const renderInput = {
    locale: input.locale,
    variables:
      input.locale === undefined && defaults.locale !== undefined
        ? {
            ...variables,
            uiLocales:
              `${typeof variables.uiLocales === 'string' ? variables.uiLocales : ''} ${defaults.locale}`.trim(),
          }
        : variables,
  };
  const rendered = bundle.render(input.template, renderInput);
  const headers = { ...defaultHeaders, ...checkHeaders(input.headers) };
  if (input.messageId !== undefined && !MESSAGE_ID.test(input.messageId)) {
    throw new HeaderError('Message-ID', 'must be <unique@domain> without spaces or control characters');
  }
  return { to, variables, renderInput, rendered, headers };
}

export function createMailer(options: MailerOptions): Mailer {
  const { bundle, transport } = options;
  const from = parseMailbox(options.from, 'from');
  const replyTo = options.replyTo === undefined ? undefined : parseMailbox(options.replyTo, 'replyTo');
  const defaults = options.defaults ?? {};
  const defaultHeaders = checkHeaders(defaults.headers);
  const delivery = deliveryOptions(options.delivery);
  const redact = createRedactor(options.secrets ?? []);
  const log = options.log
    ? (event: LogEvent) => options.log?.({ ...event, message: redact.string(event.message) })
    : undefined;

  return {
    transport,
    from,
    redact,
    async close() {
      await transport.close?.();
    },
    async send(input) {
      // 1. Everything checkable, before any attempt.
      const { to, variables, renderInput, rendered, headers } = prepareSend(bundle, defaults, input, defaultHeaders);
      const logtoType = bundle.manifest.templates[input.template]?.logtoType ?? input.template;
      if (input.hosted && !transport.hosted) {
        throw new SendError({
          code: 'TRANSPORT_FAILED',
          transport: transport.name,
          retryable: false,
          attempts: 0,
          message: `${transport.name}: cannot send with a provider-hosted template (hosted: true); sendgrid, postmark, mailgun, ses and resend can`,
        });
      }
      const hosted = input.hosted ? hostedTemplate(bundle, input.template, rendered.locale, renderInput) : undefined;
      const message = createMessage({
        messageId: input.messageId,
        from,
        to,
        replyTo,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers,
        context: {
          template: input.template,
          logtoType,
          locale: rendered.locale,
          dir: rendered.dir,
          variables,
          requestedLocale: input.locale ?? defaults.locale,
          ip: input.ip,
          hosted,
        },
      });

      // 2. Deliver: retries, timeouts, deadline.
      // Servers report an internationalized domain in ASCII: compare one spelling of each.
      const recipient = addressKey(to.address);
      try {
        const { result, attempts } = await deliver(
          async (signal, attempt) => {
            const r = await transport.send(message, { signal, attempt });
            if (!r.accepted.some((a) => addressKey(a) === recipient)) {
              throw new SendError({
                code: 'REJECTED',
                transport: transport.name,
                retryable: false,
                message: `the recipient ${to.address} was not accepted${r.response ? ` (${r.response})` : ''}`,
              });
            }
            return r;
          },
          {
            transport: transport.name,
            delivery,
            signal: input.signal,
            log,
            messageId: message.messageId,
            acquire: transport.acquire?.bind(transport),
          },
        );
        log?.({
          level: 'info',
          message: `${transport.name}: sent ${input.template} (${rendered.locale}) to ${formatMailbox(to)} as ${result.messageId} after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
          transport: transport.name,
          messageId: result.messageId,
          attempt: attempts,
        });
        return {
          messageId: result.messageId,
          transport: transport.name,
          accepted: result.accepted,
          attempts,
          locale: rendered.locale,
          ...(result.response !== undefined ? { response: redact.string(result.response) } : {}),
        };
      } catch (error) {
        if (error instanceof SendError) {
          const safe = new SendError({ ...error.toJSON(), message: redact.string(error.message) });
          log?.({
            level: 'error',
            message: safe.message,
            transport: transport.name,
            messageId: message.messageId,
            code: safe.code,
          });
          throw safe;
        }
        throw error;
      }
    },
  };
}
