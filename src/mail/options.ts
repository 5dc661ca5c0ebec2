/**
 * Validates a transport's options with its zod schema, the way the config
 * file is validated: a `ConfigError` whose issues name the key at fault.
 */
import type { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { zodIssues } from '../core/schema.ts';

export function parseTransportOptions<S extends z.ZodType>(schema: S, input: unknown, name: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ConfigError(`${name} transport options`, zodIssues(result.error));
}
