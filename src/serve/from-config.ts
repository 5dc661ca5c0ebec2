/**
 * `authmail serve` from `authmail.config.ts`: the compiled bundles from
 * `dist/` (a clear error when they are missing), the mailer of the `send`
 * section (transport, From, defaults, delivery timing), the `serve` section,
 * and one JSON logger for the server and the mailer, redacting the config's
 * secrets.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BundleError, ConfigError } from '../core/errors.ts';
import { secretsOf } from '../core/redact.ts';
import type { EmailQueue } from '../queue/queue.ts';
import { loadBundle } from '../runtime/index.ts';
import {
  createMailerFromConfig,
  createQueueFromConfig,
  redisPassword,
  type SendingConfig,
} from '../send/from-config.ts';
import { createLogger } from './log.ts';
import { MIN_AUTHORIZATION_LENGTH, type ServeConfig } from './schema.ts';
import { mailerLog, missingAuthorization, type RunningServer, startServer } from './server.ts';

export interface ServeFromConfigOptions {
  /** Folder of the compiled bundles (default `dist`, relative to `cwd`). */
  bundleDir?: string | undefined;
  cwd?: string | undefined;
  /** Transport name; default: $AUTHMAIL_TRANSPORT, then `send.transport`. */
  transport?: string | undefined;
  /** Override `serve.host` / `serve.port`. */
  host?: string | undefined;
  port?: number | undefined;
  /** Where JSON log lines go (default stdout). */
  write?: ((line: string) => void) | undefined;
  env?: Record<string, string | undefined> | undefined;
  /** Awaited once listening, before the `listening` line (`ServeOptions.onListening`). */
  onListening?: (() => Promise<void>) | undefined;
}

/** What `authmail serve` needs of the config: the `serve` section besides what sending needs (a parsed config is one). */
export interface ServingConfig extends SendingConfig {
  serve: ServeConfig;
}

/** Where the token comes from when `serve.authorization` is not set: `Bearer <token>` is then expected. */
export const SERVE_TOKEN_ENV = 'AUTHMAIL_SERVE_TOKEN';

/** `serve.authorization`, else `Bearer $AUTHMAIL_SERVE_TOKEN` (checked by the same rules). */
function authorizationOf(config: ServingConfig, env: Record<string, string | undefined>) {
  if (config.serve.authorization) return config.serve.authorization;
  const token = env[SERVE_TOKEN_ENV]?.trim();
  if (!token) throw missingAuthorization();
  if (token.length < MIN_AUTHORIZATION_LENGTH || /[\s]/.test(token)) {
    throw new ConfigError('environment', [
      {
        path: SERVE_TOKEN_ENV,
        message: `must be one token of at least ${MIN_AUTHORIZATION_LENGTH} characters without spaces (e.g. from \`openssl rand -base64 32\`); Logto's connector then sends "Bearer <token>"`,
      },
    ]);
  }
  secretsOf(config).add(token);
  return `Bearer ${token}`;
}

export async function serveFromConfig(
  config: ServingConfig,
  options: ServeFromConfigOptions = {},
): Promise<RunningServer> {
  const cwd = options.cwd ?? process.cwd();
  const authorization = authorizationOf(config, options.env ?? process.env);
  // The Redis URL's password is a secret (its key does not look like one).
  const redis = config.serve.rateLimit.redis;
  if (redis) secretsOf(config).add(redisPassword(redis));
  const dir = resolve(cwd, options.bundleDir ?? 'dist');
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new BundleError(
      `No compiled bundles in ${dir} (manifest.json is missing). Run \`npm run build\` (or \`authmail build\`) first, or pass --bundle <dir>.`,
    );
  }
  const bundle = await loadBundle(dir);
  const logger = createLogger({ level: config.serve.logLevel, write: options.write, redact: secretsOf(config) });
  const mailer = createMailerFromConfig(config, {
    bundle,
    transport: options.transport,
    cwd,
    env: options.env,
    log: mailerLog(logger),
  });
  let queue: EmailQueue | undefined;
  try {
    // serve.queue: each email goes to send.queue, delivered by `authmail worker`.
    if (config.serve.queue) queue = await createQueueFromConfig(config, { bundle });
    return await startServer({
      bundle,
      mailer,
      queue,
      settings: { ...config.serve, authorization },
      defaults: config.send.defaults,
      logger,
      host: options.host,
      port: options.port,
      onListening: options.onListening,
    });
  } catch (error) {
    await mailer.close();
    await queue?.close();
    throw error;
  }
}
