import { logto as logtoDialect } from '../../hosted/logto.ts';
import { defineProvider } from '../provider.ts';
import { logtoExportSchema } from './options.ts';
import { logtoPusher } from './push.ts';

/** Logto sends through its own connectors (or `authmail serve`); authmail exports their templates. */
export const logto = defineProvider({
  name: 'logto',
  summary: "Logto's email connectors: their templates, through the Management API",
  options: logtoExportSchema,
  transport: null,
  templates: {
    dialect: logtoDialect,
    credentials: 'export.logto (endpoint; appId and appSecret, or accessToken)',
    pusher: (options, redactor) => logtoPusher(options, redactor),
  },
});
