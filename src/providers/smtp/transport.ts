/**
 * SMTP through nodemailer: implicit TLS or a STARTTLS policy, TLS options,
 * AUTH LOGIN/PLAIN or XOAUTH2, pooling with rate limits, DKIM signing,
 * timeouts and custom headers. Options in `options.ts` (nodemailer, Logto and
 * AEM names). The message is sent as the MIME source the mailer composed (the
 * same bytes the outbox writes), DKIM-signed on the way out.
 */
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { createRedactor, secretValues } from '../../core/redact.ts';
import { classifySmtpError, sendFailure } from '../../mail/classify.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import { createSlots } from '../../mail/slots.ts';
import type { Log, LogLevel, Transport } from '../../mail/transport.ts';
import { type SmtpOptions, type SmtpOptionsInput, smtpOptionsSchema } from './options.ts';

/** nodemailer loads with the first SMTP transport, not with the provider list (the config schema reads it). */
const requireCjs = createRequire(import.meta.url);
const nodemailer = (): typeof import('nodemailer') => requireCjs('nodemailer');

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
  const transporter = nodemailer().createTransport(nodemailerOptions(options, logger) as any);
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
      // The signature covers what authmail sets too, so that no relay can change it unnoticed.
      const dkim = options.dkim && {
        ...options.dkim,
        headerFieldNames:
          options.dkim.headerFieldNames ??
          signedHeaderFields([...Object.keys(message.headers), ...Object.keys(options.customHeaders)]),
      };
      try {
        info = await transporter.sendMail({ envelope: message.envelope, raw, signal, ...(dkim ? { dkim } : {}) });
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

/** nodemailer's default DKIM header list (dkim/sign.js), which signs only the headers it knows. */
const NODEMAILER_SIGNED =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:' +
  'Content-ID:Content-Description:Resent-Date:Resent-From:Resent-Sender:Resent-To:Resent-Cc:Resent-Message-ID:' +
  'In-Reply-To:References:List-Id:List-Help:List-Unsubscribe:List-Subscribe:List-Post:List-Owner:List-Archive:OTP-Token';

/** h= of the DKIM signature: nodemailer's list plus every header authmail and the config add to the message. */
export function signedHeaderFields(added: readonly string[]): string {
  const names = NODEMAILER_SIGNED.split(':');
  const known = new Set(names.map((n) => n.toLowerCase()));
  for (const name of added) {
    if (!known.has(name.toLowerCase())) {
      known.add(name.toLowerCase());
      names.push(name);
    }
  }
  return names.join(':');
}

/** Creates an SMTP transport; options are validated (errors name the key) and aliases resolved. */
export function createSmtpTransport(input: SmtpOptionsInput, ctx: SmtpTransportContext = {}): SmtpTransport {
  return smtpTransport(parseTransportOptions(smtpOptionsSchema, input, 'smtp'), ctx);
}
