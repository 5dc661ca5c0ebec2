/**
 * Where a project's config file is: at the root as `authmail.config.{ts,mts,js,mjs,json}` (the first
 * found, in that order), or the file `--config` names. Kept apart from the schema so that finding the
 * file costs no zod import (the preview starts with it).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuthmailError } from '../core/errors.ts';

export const CONFIG_FILES = [
  'authmail.config.ts',
  'authmail.config.mts',
  'authmail.config.js',
  'authmail.config.mjs',
  'authmail.config.json',
] as const;

/** No config file where one was looked for; the message says where and which names. */
export class ConfigFileError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_CONFIG', message);
  }
}

/** The config file of the project at `root`: `path` (relative to the root) when given, else the first of CONFIG_FILES. */
export function findConfigFile(root: string, path?: string): string {
  const file = path ? resolve(root, path) : CONFIG_FILES.map((f) => resolve(root, f)).find((f) => existsSync(f));
  if (!file || !existsSync(file) || !statSync(file).isFile()) {
    throw new ConfigFileError(
      `Invalid config (${path ?? 'authmail.config.ts'}):\n  - (file): ${
        path
          ? `not found: ${file}`
          : `not found (looked for ${CONFIG_FILES.join(', ')} in ${root}; \`authmail init\` creates a project)`
      }`,
    );
  }
  return file;
}
