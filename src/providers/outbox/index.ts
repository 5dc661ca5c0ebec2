import { defineProvider } from '../provider.ts';
import { outboxOptionsSchema } from './options.ts';
import { createOutboxTransport } from './transport.ts';

export const outbox = defineProvider({
  name: 'outbox',
  summary: 'writes each message to a folder: its exact MIME source (.eml) and a JSON sidecar',
  options: outboxOptionsSchema,
  transport: (options, context) => createOutboxTransport(options, context),
  templates: null,
});
