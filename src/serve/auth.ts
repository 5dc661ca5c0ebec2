/**
 * The Authorization check. Logto's HTTP email connector sends its configured
 * "Authorization Header" verbatim; the server compares it with the configured
 * value(s) in constant time: both sides are hashed to SHA-256 digests of equal
 * length and compared with `crypto.timingSafeEqual`, so neither the content
 * nor the length of the expected value leaks through timing. Every configured
 * value is compared (several allow rotation) and the result is combined
 * without short-circuiting.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export interface Authorizer {
  /** True when `header` equals one of the configured values. */
  check(header: string | string[] | undefined): boolean;
  /** The scheme to name in `WWW-Authenticate` (the configured value's first word, else `Bearer`). */
  readonly scheme: string;
}

export function createAuthorizer(expected: string | readonly string[]): Authorizer {
  const values = typeof expected === 'string' ? [expected] : [...expected];
  if (!values.length) throw new Error('createAuthorizer needs at least one value');
  const digests = values.map(digest);
  const first = values[0] as string;
  const scheme = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) /.exec(first)?.[1] ?? 'Bearer';
  return {
    scheme,
    check(header) {
      // A repeated header is not a valid credential; still hash something so the work is the same.
      const given = typeof header === 'string' ? header : '';
      const d = digest(given);
      let ok = 0;
      for (const e of digests) ok |= timingSafeEqual(d, e) ? 1 : 0;
      return ok === 1 && typeof header === 'string';
    },
  };
}
