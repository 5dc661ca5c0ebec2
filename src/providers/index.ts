/**
 * Every provider, in one list. The config schema (`send.transport`,
 * `send.transports.<name>`, `export.<name>`), the transport factory, the
 * export targets and their push clients, the `authmail send` and `authmail
 * export` usage and the README's provider table follow it; a test checks
 * that each listed provider has its folder, schema, transport or templates,
 * and docs. Adding a provider: its folder (options.ts, transport.ts and/or
 * push.ts, index.ts with its definition), and one line here.
 */
import type { z } from 'zod';
import type { Transport } from '../mail/transport.ts';
import { aliyun } from './aliyun/index.ts';
import { http } from './http/index.ts';
import { logto } from './logto/index.ts';
import { mailgun } from './mailgun/index.ts';
import { outbox } from './outbox/index.ts';
import { postmark } from './postmark/index.ts';
import type { TransportContext } from './provider.ts';
import { resend } from './resend/index.ts';
import { sendgrid } from './sendgrid/index.ts';
import { ses } from './ses/index.ts';
import { smtp } from './smtp/index.ts';

export const PROVIDERS = [outbox, smtp, http, sendgrid, postmark, mailgun, ses, resend, aliyun, logto] as const;

type AnyProvider = (typeof PROVIDERS)[number];
/** A provider authmail sends through. */
export type SendingProvider = Extract<AnyProvider, { transport: (...args: never[]) => Transport }>;
export type TransportName = SendingProvider['name'];
/** A provider authmail exports templates to. */
export type TemplateHost = Extract<AnyProvider, { templates: object }>;
export type HostName = TemplateHost['name'];

const sends = (p: AnyProvider): p is SendingProvider => p.transport !== null;
const hosts = (p: AnyProvider): p is TemplateHost => p.templates !== null;

export const SENDING_PROVIDERS: readonly SendingProvider[] = PROVIDERS.filter(sends);
export const TEMPLATE_HOSTS: readonly TemplateHost[] = PROVIDERS.filter(hosts);

/** What `send.transport` may name, in list order. */
export const TRANSPORT_NAMES = SENDING_PROVIDERS.map((p) => p.name) as [TransportName, ...TransportName[]];

/** Each sending provider's options schema, by name: the shape of `send.transports`. */
export const transportOptionSchemas = Object.fromEntries(SENDING_PROVIDERS.map((p) => [p.name, p.options])) as {
  [P in SendingProvider as P['name']]: P['options'];
};

/** The parsed options of the sending providers, by name: what `send.transports` holds. */
export type TransportOptions = { [P in SendingProvider as P['name']]?: z.output<P['options']> };

export const isTransportName = (name: string): name is TransportName =>
  (TRANSPORT_NAMES as readonly string[]).includes(name);

export const sendingProvider = (name: TransportName): SendingProvider =>
  SENDING_PROVIDERS.find((p) => p.name === name) as SendingProvider;

export const templateHost = (name: HostName): TemplateHost =>
  TEMPLATE_HOSTS.find((p) => p.name === name) as TemplateHost;

/** The named provider's transport from its parsed options (`send.transports.<name>`). */
export function createTransport(name: TransportName, options: unknown, context: TransportContext): Transport {
  const factory = sendingProvider(name).transport as (options: unknown, context: TransportContext) => Transport;
  return factory(options, context);
}

export type { TemplateHosting, TransportContext } from './provider.ts';
export { defineProvider } from './provider.ts';
