import { sesHandlebars } from '../../hosted/handlebars.ts';
import { defineProvider } from '../provider.ts';
import { sesOptionsSchema } from './options.ts';
import { sesPusher } from './push.ts';
import { sesTransport } from './transport.ts';

export const ses = defineProvider({
  name: 'ses',
  summary: 'Amazon SES v2 through the AWS SDK; stored templates (Handlebars)',
  options: sesOptionsSchema,
  transport: (options) => sesTransport(options),
  templates: {
    dialect: sesHandlebars,
    credentials: 'send.transports.ses (region, accessKeyId, secretAccessKey; endpoint)',
    pusher: (options) => sesPusher(options ?? { region: '{region}' }),
  },
});
