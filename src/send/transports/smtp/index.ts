/**
 * SMTP through nodemailer: implicit TLS or a STARTTLS policy, TLS options,
 * AUTH LOGIN/PLAIN or XOAUTH2, pooling with rate limits, DKIM signing,
 * timeouts and custom headers. Options in `options.ts` (nodemailer, Logto and
 * AEM names). The message is sent as the MIME source the mailer composed (the
 * same bytes the outbox writes), DKIM-signed on the way out.
 */
import { format } from 'node:util';
import nodemailer from 'nodemailer';
import { classifySmtpError, sendFailure } from '../../classify.ts';
import { createRedactor, secretValues } from '../../redact.ts';
import { createSlots } from '../../slots.ts';
import type { Log, LogLevel, Transport } from '../../transport.ts';
import { parseTransportOptions } from '../options.ts';
import { type SmtpOptions, type SmtpOptionsInput, smtpOptionsSchema } from './options.ts';

export type { SmtpOptions, SmtpOptionsInput } from './options.ts';
export { smtpInputSchema, smtpOptionsSchema } from './options.ts';

export interface SmtpTransport extends Transport {
  /** Connects, upgrades TLS and authenticates without sending (a config check). */
  verify(): Promise<void>;
}

export interface SmtpTransportContext {
  /** Receives nodemailer's log lines when `debug` is on (secrets redacted). */
  log?: Log | undefined;
}

const LEVELS: Record<string, LogLevel> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'error',
};

/** The nodemailer options for normalized SMTP options. */
export function nodemailerOptions(o: SmtpOptions, logger?: unknown) {
  const auth =
    o.auth?.type === 'oauth2'
      ? { ...o.auth, type: 'OAuth2' }
      : o.auth
        ? { user: o.auth.user, pass: o.auth.pass, ...(o.auth.method ? { method: o.auth.method } : {}) }
        : undefined;
  return {
    host: o.host,
    port: o.port,
    secure: o.secure,
    requireTLS: o.starttls === 'required',
    ignoreTLS: o.starttls === 'disabled',
    // nodemailer defaults the TLS server name to the host (unless it is an IP address).
    tls: { ...o.tls },
    ...(o.tls.servername ? { servername: o.tls.servername } : {}),
    ...(auth ? { auth } : {}),
    ...(o.pool
      ? {
          pool: true as const,
          maxConnections: o.maxConnections,
          maxMessages: o.maxMessages,
          rateDelta: o.rateDelta,
          ...(o.rateLimit ? { rateLimit: o.rateLimit } : {}),
        }
      : {}),
    ...(o.dkim ? { dkim: o.dkim } : {}),
    connectionTimeout: o.connectionTimeout,
    greetingTimeout: o.greetingTimeout,
    socketTimeout: o.socketTimeout,
    dnsTimeout: o.dnsTimeout,
    ...(o.name ? { name: o.name } : {}),
    ...(o.localAddress ? { localAddress: o.localAddress } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: o.debug && logger ? logger : false,
    debug: o.debug,
  };
}

/** Creates the transport from already normalized options (the config path). */
export function smtpTransport(options: SmtpOptions, ctx: SmtpTransportContext = {}): SmtpTransport {
  const redact = createRedactor(secretValues(options));
  const log = ctx.log;
  const logger = log
    ? Object.fromEntries(
        Object.entries(LEVELS).map(([name, level]) => [
          name,
          (entry: { tnx?: string } | undefined, message?: string, ...args: unknown[]) => {
            // With `debug`, nodemailer logs the message source as it streams (tnx "message" at debug level):
            // the code and the link are in it. The SMTP dialogue and the size line are enough to debug.
            if (name === 'debug' && entry?.tnx === 'message') return;
            log({ level, transport: 'smtp', message: redact.string(format(message ?? '', ...args)) });
          },
        ]),
      )
    : undefined;
  // biome-ignore lint/suspicious/noExplicitAny: nodemailer's overloads pick pool/non-pool from a literal `pool`
  const transporter = nodemailer.createTransport(nodemailerOptions(options, logger) as any);
  const fail = (error: unknown) => {
    const c = classifySmtpError(error);
    const e = error as { message?: string; command?: string };
    const command = e.command && !/^(AUTH|CONN)\b/.test(e.command) ? ` [${e.command.split(':')[0]}]` : '';
    return sendFailure('smtp', c, redact.string(`${e.message ?? String(error)}${command}`));
  };
  // Pooled: one slot per connection, so that a send's attempt starts when it has its connection.
  const slots = options.pool ? createSlots(options.maxConnections) : undefined;
  return {
    name: 'smtp',
    ...(slots ? { acquire: (signal: AbortSignal) => slots.acquire(signal) } : {}),
    async send(message, { signal }) {
      const raw = await message.mime(options.customHeaders);
      let info: { accepted?: unknown[]; rejected?: unknown[]; response?: string };
      try {
        info = await transporter.sendMail({ envelope: message.envelope, raw, signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw fail(error);
      }
      const accepted = (info.accepted ?? []).map((a) =>
        typeof a === 'string' ? a : (a as { address: string }).address,
      );
      return { messageId: message.messageId, accepted, ...(info.response ? { response: info.response } : {}) };
    },
    async verify() {
      try {
        await transporter.verify();
      } catch (error) {
        throw fail(error);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** Creates an SMTP transport; options are validated (errors name the key) and aliases resolved. */
export function createSmtpTransport(input: SmtpOptionsInput, ctx: SmtpTransportContext = {}): SmtpTransport {
  return smtpTransport(parseTransportOptions(smtpOptionsSchema, input, 'smtp'), ctx);
}
