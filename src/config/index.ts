import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { createRedactor, type Redactor, secretsOf, secretValues, setSecrets } from '../core/redact.ts';
import { zodIssues } from '../core/schema.ts';
import { DEFAULT_SECRETS_DIR, resolvePlaceholders } from './placeholders.ts';
import { type Config, type ConfigInput, configSchema } from './schema.ts';

export type { Brand, BrandInput } from '../brand/brand.ts';
export { ConfigError } from '../core/errors.ts';
export { formatPath } from '../core/schema.ts';
export { DEFAULT_SECRETS_DIR, resolvePlaceholders } from './placeholders.ts';
export type { Config, ConfigInput } from './schema.ts';

/** Identity function that types `authmail.config.ts`. */
export const defineConfig = (config: ConfigInput): ConfigInput => config;

export interface ParseConfigOptions {
  /** Environment for `$[env:…]` (default process.env). */
  env?: Record<string, string | undefined>;
  /** Base of a relative `secretsDir` (default: the working directory). */
  cwd?: string;
}

/**
 * The secrets of a parsed config (from secret files and secret-looking keys), as a redactor: one per
 * config, so that a secret added later (a token from the environment) is redacted everywhere.
 */
export const configSecrets = (config: Config): Redactor => secretsOf(config);

/**
 * Resolves `$[env:…]` / `$[secret:…]` values, then validates the whole config
 * with one schema. Every problem is reported with the key it belongs to.
 */
export function parseConfig(input: unknown, source = 'authmail.config.ts', options: ParseConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  // The secrets directory itself may come from the environment, not from a secret.
  const dirInput = (input as { secretsDir?: unknown } | null)?.secretsDir;
  const dir = resolvePlaceholders(dirInput ?? env.AUTHMAIL_SECRETS_DIR ?? DEFAULT_SECRETS_DIR, { env });
  const secretsDir = typeof dir.value === 'string' ? dir.value : DEFAULT_SECRETS_DIR;
  const resolved = resolvePlaceholders(input, { env, secretsDir, cwd: options.cwd });
  if (resolved.issues.length) throw new ConfigError(source, resolved.issues);
  const result = configSchema.safeParse(resolved.value);
  if (!result.success) throw new ConfigError(source, zodIssues(result.error));
  setSecrets(result.data, createRedactor([...resolved.secrets, ...secretValues(result.data)]));
  return result.data;
}

export { z };
