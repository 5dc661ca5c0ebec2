/**
 * The transports the config can select, by name: each turns its parsed
 * options (see schema.ts) into a `Transport`. A provider transport adds one
 * entry here and its options schema in schema.ts.
 */
import type { TransportName } from '../schema.ts';
import type { Log, Transport } from '../transport.ts';
import { httpTransport } from './http/index.ts';
import { createOutboxTransport } from './outbox/index.ts';
import { smtpTransport } from './smtp/index.ts';

export interface TransportContext {
  cwd: string;
  log?: Log | undefined;
}

export const transportFactories: {
  [K in TransportName]: (options: never, ctx: TransportContext) => Transport;
} = {
  outbox: (options: Parameters<typeof createOutboxTransport>[0], ctx) => createOutboxTransport(options, ctx),
  smtp: (options: Parameters<typeof smtpTransport>[0], ctx) => smtpTransport(options, ctx),
  http: (options: Parameters<typeof httpTransport>[0]) => httpTransport(options),
};

export { createHttpTransport, httpTransport } from './http/index.ts';
export { createOutboxTransport } from './outbox/index.ts';
export { createSmtpTransport, smtpTransport } from './smtp/index.ts';
