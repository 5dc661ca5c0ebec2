/**
 * Finds and loads the project's config, then validates it. The config lives
 * at the project root as `authmail.config.{ts,mts,js,mjs,json}` (the first
 * found, in that order); `--config <file>` names another.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import { findConfigFile } from './files.ts';
import { type Config, type ParseConfigOptions, parseConfig } from './index.ts';
import { configWarnings } from './warnings.ts';

export { CONFIG_FILES, findConfigFile } from './files.ts';

/** The raw export of a config file: JSON parsed, a module's default export imported (TypeScript through the CLI's loader). */
async function readConfigFile(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(file, [{ path: '(file)', message: `is not JSON: ${(error as Error).message}` }]);
    }
  }
  const module = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { default?: unknown };
  if (module.default === undefined) {
    throw new ConfigError(file, [
      { path: '(file)', message: 'has no default export (export default defineConfig({ … }))' },
    ]);
  }
  return module.default;
}

/** Loads the config from `path`, or the first of CONFIG_FILES at the project root `cwd`. */
export async function loadConfig(
  path?: string,
  cwd = process.cwd(),
  options: Omit<ParseConfigOptions, 'cwd'> = {},
): Promise<{ config: Config; path: string; warnings: string[] }> {
  const file = findConfigFile(cwd, path);
  const config = parseConfig(await readConfigFile(file), file, { ...options, cwd });
  return { config, path: file, warnings: configWarnings(config) };
}
