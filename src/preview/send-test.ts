/**
 * "Send test": the previewed email through authmail's own mailer — the same
 * render, message and transport code a real send runs — either to the
 * built-in local inbox (nothing leaves the machine) or through the transport
 * authmail.config.ts configures, when the designer picks it.
 */
import type { Config } from '../config/index.ts';
import type { Bundle } from '../runtime/bundle.ts';
import type { TransportInfo } from './protocol.ts';

export interface TestSend {
  bundle: Bundle;
  template: string;
  locale: string;
  variables: unknown;
  to: string;
  /** Sender of local-inbox sends: the previewed brand. */
  from: { name: string; address: string };
}

export type Via = { kind: 'inbox'; host: string; port: number } | { kind: 'configured'; config: Config; cwd: string };

/** What the configured transport is, for the picker. */
export function configuredTransport(config: Config): TransportInfo {
  const name = config.send.transport;
  const options = (config.send.transports as Record<string, Record<string, unknown> | undefined>)[name] ?? {};
  const origin = (url: unknown) => {
    try {
      return new URL(String(url)).origin;
    } catch {
      return '';
    }
  };
  const target =
    name === 'outbox'
      ? `${String(options.dir ?? 'outbox')}/`
      : name === 'smtp'
        ? `${String(options.host ?? '?')}:${String(options.port ?? '')}`.replace(/:$/, '')
        : name === 'http'
          ? origin(options.endpoint)
          : origin(options.baseUrl ?? options.endpoint) || name;
  return { name, target, local: name === 'outbox' };
}

export async function sendTest(message: TestSend, via: Via) {
  // Loaded on the first send: the preview starts without nodemailer.
  const { createMailer, createMailerFromConfig, createSmtpTransport } = await import('../send/index.ts');
  const mailer =
    via.kind === 'inbox'
      ? createMailer({
          bundle: message.bundle,
          transport: createSmtpTransport({ host: via.host, port: via.port, starttls: 'disabled' }),
          from: message.from,
          delivery: { attemptTimeout: 5_000, deadline: 10_000 },
        })
      : createMailerFromConfig(via.config, { bundle: message.bundle, cwd: via.cwd });
  try {
    return await mailer.send({
      template: message.template,
      to: message.to,
      locale: message.locale,
      variables: message.variables as Record<string, unknown> | undefined,
      headers: { 'X-Authmail-Template': `${message.template}/${message.locale}` },
    });
  } finally {
    await mailer.close();
  }
}
