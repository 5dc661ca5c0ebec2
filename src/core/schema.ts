/**
 * What every config section and input schema shares: zod helpers for values
 * that may arrive as strings (environment placeholders, form fields), and
 * zod issues spelled as key paths in the file.
 */
import type { z as zod } from 'zod';
import { z } from 'zod';

/** One problem of a config or input: where (a key path as written in the file) and what. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Formats a key path: `send.transports.smtp["smtp.host"]`, `brandPresets.X`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (!path.length) return '(root)';
  return path
    .map((k, i) => {
      const key = String(k);
      if (typeof k === 'string' && /[.\s[\]"]/.test(key)) return `[${JSON.stringify(key)}]`;
      return i ? `.${key}` : key;
    })
    .join('');
}

/** zod issues as `{ path, message }`, with the key path spelled as in the file. */
export const zodIssues = (error: zod.ZodError): ConfigIssue[] =>
  error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));

/** A number, or a string of digits (values from `$[env:…]` are strings). */
export const numeric = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
  z.number({ message: 'must be a number' }),
);
/** A boolean, or "true" / "false". */
export const bool = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ message: 'must be true or false' }),
);
