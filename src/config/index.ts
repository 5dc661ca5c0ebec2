import { z } from 'zod';
import { AuthmailError } from '../errors.ts';
import { type Config, type ConfigInput, configSchema } from './schema.ts';

export type { Brand, BrandInput } from './brand.ts';
export type { Config, ConfigInput } from './schema.ts';

/** Identity function that types `authmail.config.ts`. */
export const defineConfig = (config: ConfigInput): ConfigInput => config;

export class ConfigError extends AuthmailError {
  readonly issues: readonly { path: string; message: string }[];
  constructor(source: string, issues: readonly { path: string; message: string }[]) {
    super(
      'INVALID_CONFIG',
      `Invalid config (${source}):\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

export function parseConfig(input: unknown, source = 'authmail.config.ts'): Config {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((issue) => ({
      path: issue.path.length ? issue.path.join('.') : '(root)',
      message: issue.message,
    })),
  );
}

export { z };
