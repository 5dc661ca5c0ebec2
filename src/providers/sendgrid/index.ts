import { sendgridHandlebars } from '../../hosted/handlebars.ts';
import { defineProvider } from '../provider.ts';
import { sendgridOptionsSchema } from './options.ts';
import { sendgridPusher } from './push.ts';
import { sendgridTransport } from './transport.ts';

export const sendgrid = defineProvider({
  name: 'sendgrid',
  summary: 'Twilio SendGrid: v3 Mail Send; dynamic templates (Handlebars)',
  options: sendgridOptionsSchema,
  transport: (options) => sendgridTransport(options),
  templates: {
    dialect: sendgridHandlebars,
    credentials: 'send.transports.sendgrid (apiKey; region or baseUrl)',
    pusher: (options) => sendgridPusher(options ?? { apiKey: '', region: 'global' }),
  },
});
