/**
 * `authmail serve` from `authmail.config.ts`: the compiled bundles from
 * `dist/` (a clear error when they are missing), the mailer of the `send`
 * section (transport, From, defaults, delivery timing), the `serve` section,
 * and one JSON logger for the server and the mailer, redacting the config's
 * secrets.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Config, configSecrets } from '../config/index.ts';
import { BundleError } from '../errors.ts';
import { loadBundle } from '../runtime/index.ts';
import { createMailerFromConfig } from '../send/from-config.ts';
import { createLogger } from './log.ts';
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
}

export async function serveFromConfig(config: Config, options: ServeFromConfigOptions = {}): Promise<RunningServer> {
  const cwd = options.cwd ?? process.cwd();
  if (!config.serve.authorization) throw missingAuthorization();
  const dir = resolve(cwd, options.bundleDir ?? 'dist');
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new BundleError(
      `No compiled bundles in ${dir} (manifest.json is missing). Run \`npm run build\` (or \`authmail build\`) first, or pass --bundle <dir>.`,
    );
  }
  const bundle = await loadBundle(dir);
  const logger = createLogger({ level: config.serve.logLevel, write: options.write, redact: configSecrets(config) });
  const mailer = createMailerFromConfig(config, {
    bundle,
    transport: options.transport,
    cwd,
    env: options.env,
    log: mailerLog(logger),
  });
  try {
    return await startServer({
      bundle,
      mailer,
      settings: config.serve,
      defaults: config.send.defaults,
      logger,
      host: options.host,
      port: options.port,
    });
  } catch (error) {
    await mailer.close();
    throw error;
  }
}
