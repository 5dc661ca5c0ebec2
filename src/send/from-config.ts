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
import { createQueue, type EmailQueue } from '../queue/queue.ts';
import type { QueueConfig } from '../queue/schema.ts';
import { createQueueWorker, type QueueWorker, type WorkerLog } from '../queue/worker.ts';
import type { Bundle } from '../runtime/bundle.ts';
import type { SendConfig } from './schema.ts';

/** What a mailer needs of the config: the `send` section and the brand's sender (a parsed config is one). */
export interface SendingConfig {
  send: SendConfig;
  brand: { senderName: string; fromAddress: string; replyTo?: string | undefined };
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
  // The brand's reply-to, which the footer promises reaches support, unless the send section names another.
  const replyTo = config.send.replyTo ?? smtpReplyTo ?? config.brand.replyTo;
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

/** `send.queue`, or a config error saying what to add. */
function queueSection(config: SendingConfig): QueueConfig {
  if (config.send.queue) return config.send.queue;
  throw new ConfigError('authmail.config', [
    { path: 'send.queue', message: "is not configured; the queue needs at least { redis: 'redis://host:6379/0' }" },
  ]);
}

/** The queue of `send.queue`, checking each email against the bundle and `send.defaults` before it is queued. */
export function createQueueFromConfig(config: SendingConfig, options: { bundle: Bundle }): Promise<EmailQueue> {
  const section = queueSection(config);
  secretsOf(config).add(redisPassword(section.redis));
  return createQueue({ ...section, bundle: options.bundle, defaults: config.send.defaults });
}

export interface WorkerFromConfigOptions extends MailerFromConfigOptions {
  /** Overrides `send.queue.concurrency`. */
  concurrency?: number | undefined;
  workerLog?: WorkerLog | undefined;
}

/** A worker of `send.queue` delivering through the configured transport. */
export async function createQueueWorkerFromConfig(
  config: SendingConfig,
  options: WorkerFromConfigOptions,
): Promise<QueueWorker> {
  const section = queueSection(config);
  secretsOf(config).add(redisPassword(section.redis));
  const mailer = createMailerFromConfig(config, options);
  try {
    return await createQueueWorker({
      ...section,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      mailer,
      log: options.workerLog,
    });
  } catch (error) {
    await mailer.close();
    throw error;
  }
}

/** The password in a Redis URL (a secret though its key does not look like one). */
export function redisPassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
