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
import type { IncomingMessage } from 'node:http';
import { errorBody, type Outcome } from './handler.ts';

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

/** The 401 for a request without the configured Authorization, else undefined. */
export function unauthorized(req: IncomingMessage, authorizer: Authorizer): Outcome | undefined {
  // node:http keeps only the first of repeated Authorization headers; headersDistinct has them all,
  // and a repeated header is refused as a whole (auth.ts), never read as its first value.
  const given = req.headersDistinct.authorization;
  const header = given && given.length === 1 ? given[0] : given;
  if (authorizer.check(header)) return undefined;
  const problem = header === undefined ? 'missing' : Array.isArray(header) ? 'repeated' : 'wrong';
  return {
    status: 401,
    headers: { 'www-authenticate': `${authorizer.scheme} realm="authmail"` },
    body: errorBody(
      'UNAUTHORIZED',
      problem === 'missing'
        ? 'The Authorization header is missing.'
        : problem === 'repeated'
          ? 'The Authorization header is repeated; send it once.'
          : 'The Authorization header does not match the configured value.',
    ),
    log: { error: { code: 'UNAUTHORIZED', header: problem } },
  };
}
