/**
 * A mailer built from `authmail.config.ts`: the transport named by the caller,
 * `AUTHMAIL_TRANSPORT` or `send.transport`; From from `send.from`, the SMTP
 * transport's `fromEmail` / `from.address`, or the brand; defaults and delivery
 * timing from `send`; the config's secrets redacted from every error and log.
 */
import { ConfigError } from '../core/errors.ts';
import { secretsOf } from '../core/redact.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { type Mailbox, parseMailbox } from '../mail/message.ts';
import type { Log } from '../mail/transport.ts';
import { createTransport, isTransportName, TRANSPORT_NAMES, type TransportName } from '../providers/index.ts';
import type { Bundle } from '../runtime/bundle.ts';
import type { SendConfig } from './schema.ts';

/** What a mailer needs of the config: the `send` section and the brand's sender (a parsed config is one). */
export interface SendingConfig {
  send: SendConfig;
  brand: { senderName: string; fromAddress: string };
}

export interface MailerFromConfigOptions {
  bundle: Bundle;
  /** Transport name; default: $AUTHMAIL_TRANSPORT, then `send.transport`. */
  transport?: string | undefined;
  /** Base for the outbox folder (default: the working directory). */
  cwd?: string | undefined;
  log?: Log | undefined;
  env?: Record<string, string | undefined> | undefined;
}

/** From for the chosen transport: send.from, else the transport's own, else the brand. */
export function defaultFrom(config: SendingConfig, transport: TransportName): Mailbox {
  const own = transport === 'smtp' ? config.send.transports.smtp?.from : undefined;
  const explicit = config.send.from ?? own;
  if (explicit) {
    const m = parseMailbox(explicit, 'from');
    return m.name ? m : { name: config.brand.senderName, address: m.address };
  }
  return { name: config.brand.senderName, address: config.brand.fromAddress };
}

export function createMailerFromConfig(config: SendingConfig, options: MailerFromConfigOptions): Mailer {
  const env = options.env ?? process.env;
  const requested = options.transport ?? env.AUTHMAIL_TRANSPORT ?? config.send.transport;
  if (!isTransportName(requested)) {
    throw new ConfigError(options.transport ? '--transport' : 'AUTHMAIL_TRANSPORT', [
      { path: 'transport', message: `unknown transport "${requested}" (known: ${TRANSPORT_NAMES.join(', ')})` },
    ]);
  }
  const name = requested;
  const transportOptions = config.send.transports[name] ?? (name === 'outbox' ? { dir: 'outbox' } : undefined);
  if (!transportOptions) {
    throw new ConfigError('authmail.config', [
      { path: `send.transports.${name}`, message: `is not configured; the ${name} transport needs its options` },
    ]);
  }
  const secrets = secretsOf(config);
  const log: Log | undefined = options.log
    ? (event) => options.log?.({ ...event, message: secrets.string(event.message) })
    : undefined;
  const transport = createTransport(name, transportOptions, { cwd: options.cwd ?? process.cwd(), log });
  const smtpReplyTo = name === 'smtp' ? config.send.transports.smtp?.replyTo : undefined;
  const replyTo = config.send.replyTo ?? smtpReplyTo;
  const { defaults, delivery } = config.send;
  return createMailer({
    bundle: options.bundle,
    transport,
    from: defaultFrom(config, name),
    replyTo,
    defaults,
    delivery,
    log,
    secrets: secrets.values(),
  });
}
