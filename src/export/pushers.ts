/**
 * The push client of each export target, built from the config: a sending
 * provider's credentials are its transport's (`send.transports.<target>`),
 * Logto's are `export.logto`. Without `--push` the same clients only describe
 * their requests (placeholders stand in for what is not configured).
 */
import { ConfigError } from '../core/errors.ts';
import type { Redactor } from '../core/redact.ts';
import { type HostName, type TransportOptions, templateHost } from '../providers/index.ts';
import type { Pusher } from '../providers/push.ts';
import type { ExportConfig } from './config.ts';

/** What a push needs of the config: the providers' credentials (`send.transports`) and the `export` section. */
export interface PushConfig {
  send: { transports: TransportOptions };
  export: ExportConfig;
}

/** A target's configured options: its transport's (`send.transports.<name>`), else `export.<name>`. */
function optionsOf(target: HostName, config: PushConfig): unknown {
  const provider = templateHost(target);
  return provider.transport
    ? config.send.transports[provider.name as keyof TransportOptions]
    : (config.export as unknown as Record<string, unknown>)[target];
}

/** `redactor`: the caller's, which learns every credential a pusher obtains at run time. */
export function createPusher(target: HostName, config: PushConfig, push: boolean, redactor?: Redactor): Pusher {
  const { templates } = templateHost(target);
  const options = optionsOf(target, config);
  if (push && !options) {
    const [path = '', keys] = templates.credentials.split(' (');
    throw new ConfigError('authmail.config', [
      { path, message: `is not configured; \`authmail export ${target} --push\` needs it (${keys}` },
    ]);
  }
  return (templates.pusher as (options: unknown, redactor?: Redactor) => Pusher)(options, redactor);
}
