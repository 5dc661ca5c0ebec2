/**
 * Every provider, in one list. The config schema (`send.transport`,
 * `send.transports.<name>`, `export.<name>`), the transport factory, the
 * export targets and their push clients, the `authmail send` and `authmail
 * export` usage and the the provider table of docs/providers.md follow it; a test checks
 * that each listed provider has its folder, schema, transport or templates,
 * and docs. Adding a provider: its folder (options.ts, transport.ts and/or
 * push.ts, index.ts with its definition), and one line here.
 */
import type { Transport } from '../mail/transport.ts';
import { aliyun } from './aliyun/index.ts';
import { http } from './http/index.ts';
import { logto } from './logto/index.ts';
import { mailgun } from './mailgun/index.ts';
import { isTransportName, TRANSPORT_NAMES, type TransportName, type TransportOptions } from './options.ts';
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
/** A provider authmail exports templates to. */
export type TemplateHost = Extract<AnyProvider, { templates: object }>;
export type HostName = TemplateHost['name'];

const sends = (p: AnyProvider): p is SendingProvider => p.transport !== null;
const hosts = (p: AnyProvider): p is TemplateHost => p.templates !== null;

export const SENDING_PROVIDERS: readonly SendingProvider[] = PROVIDERS.filter(sends);
export const TEMPLATE_HOSTS: readonly TemplateHost[] = PROVIDERS.filter(hosts);

// The sending providers are the ones whose options the config reads (options.ts): the compiler checks the names.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameNames: Same<SendingProvider['name'], TransportName> = true;
void sameNames;

export const sendingProvider = (name: TransportName): SendingProvider =>
  SENDING_PROVIDERS.find((p) => p.name === name) as SendingProvider;

export const templateHost = (name: HostName): TemplateHost =>
  TEMPLATE_HOSTS.find((p) => p.name === name) as TemplateHost;

/** The named provider's transport from its parsed options (`send.transports.<name>`). */
export function createTransport(name: TransportName, options: unknown, context: TransportContext): Transport {
  const factory = sendingProvider(name).transport as (options: unknown, context: TransportContext) => Transport;
  return factory(options, context);
}

export { TRANSPORT_OPTIONS } from './options.ts';
export type { TemplateHosting, TransportContext } from './provider.ts';
export { defineProvider } from './provider.ts';
export { isTransportName, TRANSPORT_NAMES, type TransportName, type TransportOptions };
