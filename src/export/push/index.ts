/**
 * The push client of each export target, built from the config: the
 * provider's send transport options (`send.transports.<target>`) or, for
 * Logto, `export.logto`. Without `--push` the same clients only describe
 * their requests (placeholders stand in for what is not configured).
 */

import { ConfigError } from '../../core/errors.ts';
import type { Redactor } from '../../core/redact.ts';
import type { SendConfig } from '../../send/schema.ts';
import type { ExportConfig } from '../config.ts';
import type { ExportTarget } from '../templates.ts';
import { logtoPusher } from './logto.ts';
import { mailgunPusher } from './mailgun.ts';
import { postmarkPusher } from './postmark.ts';
import { resendPusher } from './resend.ts';
import { sendgridPusher } from './sendgrid.ts';
import { sesPusher } from './ses.ts';
import type { Pusher } from './types.ts';

export type ApiTarget = Exclude<ExportTarget, 'files'>;

const KEYS: Record<ApiTarget, string> = {
  sendgrid: 'send.transports.sendgrid (apiKey; region or baseUrl)',
  postmark: 'send.transports.postmark (serverToken; baseUrl)',
  mailgun: 'send.transports.mailgun (apiKey, domain; region or baseUrl)',
  ses: 'send.transports.ses (region, accessKeyId, secretAccessKey; endpoint)',
  resend: 'send.transports.resend (apiKey; baseUrl)',
  logto: 'export.logto (endpoint; appId and appSecret, or accessToken)',
};

function missing(target: ApiTarget): never {
  const [path = '', keys] = KEYS[target].split(' (');
  throw new ConfigError('authmail.config', [
    { path, message: `is not configured; \`authmail export ${target} --push\` needs it (${keys}` },
  ]);
}

/** `redactor`: the caller's, which learns every credential a pusher obtains at run time. */
/** What a push needs of the config: the providers' credentials (`send.transports`) and the `export` section. */
export interface PushConfig {
  send: Pick<SendConfig, 'transports'>;
  export: ExportConfig;
}

export function createPusher(target: ApiTarget, config: PushConfig, push: boolean, redactor?: Redactor): Pusher {
  const t = config.send.transports;
  switch (target) {
    case 'sendgrid':
      if (push && !t.sendgrid) missing(target);
      return sendgridPusher(t.sendgrid ?? { apiKey: '', region: 'global' });
    case 'postmark':
      if (push && !t.postmark) missing(target);
      return postmarkPusher(t.postmark ?? { serverToken: '' });
    case 'mailgun':
      if (push && !t.mailgun) missing(target);
      return mailgunPusher(t.mailgun ?? { apiKey: '', region: 'us', domain: '{domain}' });
    case 'ses':
      if (push && !t.ses) missing(target);
      return sesPusher(t.ses ?? { region: '{region}' });
    case 'resend':
      if (push && !t.resend) missing(target);
      return resendPusher(t.resend ?? { apiKey: '' });
    case 'logto':
      if (push && !config.export.logto) missing(target);
      return logtoPusher(config.export.logto, redactor);
  }
}
