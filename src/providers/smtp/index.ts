import { defineProvider } from '../provider.ts';
import { smtpOptionsSchema } from './options.ts';
import { smtpTransport } from './transport.ts';

export const smtp = defineProvider({
  name: 'smtp',
  summary: 'any SMTP server through nodemailer, DKIM-signed on the way out (Logto and AEM option names)',
  options: smtpOptionsSchema,
  transport: (options, context) => smtpTransport(options, context),
  templates: null,
});
