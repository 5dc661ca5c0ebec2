import { defineProvider } from '../provider.ts';
import { httpOptionsSchema } from './options.ts';
import { httpTransport } from './transport.ts';

export const http = defineProvider({
  name: 'http',
  summary: 'POSTs the rendered message as JSON to your endpoint (Logto webhook shape, Standard Webhooks signature)',
  options: httpOptionsSchema,
  transport: (options) => httpTransport(options),
  templates: null,
});
