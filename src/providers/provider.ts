/**
 * One provider = one folder = one definition: its options schema, and what
 * authmail does with it — send through it (a transport), export templates to
 * it (the dialect it stores them in, a push client), or both. The list in
 * index.ts (its schemas also in options.ts, what the config reads) drives the
 * config schema, the factories, the export targets, the
 * CLI usage and the tables in docs/
 */
import type { z } from 'zod';
import type { Redactor } from '../core/redact.ts';
import type { Dialect } from '../hosted/types.ts';
import type { Log, Transport } from '../mail/transport.ts';
import type { Pusher } from './push.ts';

export interface TransportContext {
  /** Base of relative paths (the outbox folder, DKIM key files). */
  cwd: string;
  log?: Log | undefined;
}

export interface TemplateHosting<Options> {
  /** The language the provider stores templates in. */
  readonly dialect: Dialect;
  /** Where its credentials go and what they hold, for the error when a push lacks them. */
  readonly credentials: string;
  /** Its push client; without options (a dry run), placeholders stand in for the account. */
  pusher(options: Options | undefined, redactor?: Redactor): Pusher;
}

export interface Provider<
  Name extends string,
  Schema extends z.ZodType,
  Send extends ((options: z.output<Schema>, context: TransportContext) => Transport) | null,
  Templates extends TemplateHosting<z.output<Schema>> | null,
> {
  readonly name: Name;
  /** One line for the CLI usage and the docs. */
  readonly summary: string;
  /** Its options: under `send.transports.<name>` for a provider authmail sends through, else `export.<name>`. */
  readonly options: Schema;
  /** Sending through it, from its parsed options; `null` when authmail does not send through it. */
  readonly transport: Send;
  /** Exporting templates to it; `null` when it stores none. */
  readonly templates: Templates;
}

/** Types a provider's definition (its options type flows into its transport and push client). */
export const defineProvider = <
  const Name extends string,
  Schema extends z.ZodType,
  Send extends ((options: z.output<Schema>, context: TransportContext) => Transport) | null,
  Templates extends TemplateHosting<z.output<Schema>> | null,
>(
  provider: Provider<Name, Schema, Send, Templates>,
) => provider;
