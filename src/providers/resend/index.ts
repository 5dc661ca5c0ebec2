import { resend as resendDialect } from '../../hosted/resend.ts';
import { defineProvider } from '../provider.ts';
import { resendOptionsSchema } from './options.ts';
import { resendPusher } from './push.ts';
import { resendTransport } from './transport.ts';

export const resend = defineProvider({
  name: 'resend',
  summary: 'Resend: the emails API; templates (flat variables, optional phrases computed at send time)',
  options: resendOptionsSchema,
  transport: (options) => resendTransport(options),
  templates: {
    dialect: resendDialect,
    credentials: 'send.transports.resend (apiKey; baseUrl)',
    pusher: (options) => resendPusher(options ?? { apiKey: '' }),
  },
});
