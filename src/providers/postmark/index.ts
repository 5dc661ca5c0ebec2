import { mustachio } from '../../hosted/mustachio.ts';
import { defineProvider } from '../provider.ts';
import { postmarkOptionsSchema } from './options.ts';
import { postmarkPusher } from './push.ts';
import { postmarkTransport } from './transport.ts';

export const postmark = defineProvider({
  name: 'postmark',
  summary: 'Postmark: the email API on its transactional stream; templates (Mustachio)',
  options: postmarkOptionsSchema,
  transport: (options) => postmarkTransport(options),
  templates: {
    dialect: mustachio,
    credentials: 'send.transports.postmark (serverToken; baseUrl)',
    pusher: (options) => postmarkPusher(options ?? { serverToken: '' }),
  },
});
