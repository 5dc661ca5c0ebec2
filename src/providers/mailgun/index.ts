import { mailgunHandlebars } from '../../hosted/handlebars.ts';
import { withoutText } from '../../hosted/types.ts';
import { defineProvider } from '../provider.ts';
import { mailgunOptionsSchema } from './options.ts';
import { mailgunPusher } from './push.ts';
import { mailgunTransport } from './transport.ts';

export const mailgun = defineProvider({
  name: 'mailgun',
  summary: 'Mailgun: the messages API (US or EU); stored templates (Handlebars, HTML only)',
  options: mailgunOptionsSchema,
  transport: (options) => mailgunTransport(options),
  templates: {
    dialect: withoutText(
      mailgunHandlebars,
      'Mailgun stores one HTML body: no text template. authmail sends its own text part by default; hosted sends use t:text=yes.',
    ),
    credentials: 'send.transports.mailgun (apiKey, domain; region or baseUrl)',
    pusher: (options) => mailgunPusher(options ?? { apiKey: '', region: 'us', domain: '{domain}' }),
  },
});
