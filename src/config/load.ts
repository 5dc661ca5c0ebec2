/**
 * Finds and loads `authmail.config.ts` (or `.json`), then validates it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Config, ConfigError, type ParseConfigOptions, parseConfig } from './index.ts';

export const CONFIG_FILES = ['authmail.config.ts', 'authmail.config.json'];

/** Loads the config from `path`, or the first of CONFIG_FILES in `cwd`. */
export async function loadConfig(
  path?: string,
  cwd = process.cwd(),
  options: Omit<ParseConfigOptions, 'cwd'> = {},
): Promise<{ config: Config; path: string }> {
  const file = path ? resolve(cwd, path) : CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
  if (!file || !existsSync(file)) {
    throw new ConfigError(path ?? 'authmail.config.ts', [
      { path: '(file)', message: `not found (looked for ${path ?? CONFIG_FILES.join(', ')} in ${cwd})` },
    ]);
  }
  const raw: unknown = file.endsWith('.json')
    ? JSON.parse(readFileSync(file, 'utf8'))
    : ((await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { default: unknown }).default;
  return { config: parseConfig(raw, file, { ...options, cwd }), path: file };
}
