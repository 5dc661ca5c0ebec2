/** The constant-time Authorization check of `authmail serve`. */
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../src/serve/index.ts';
import { TOKEN } from '../fixtures/serve.ts';

describe('Authorization check', () => {
  it('accepts exactly the configured value(s)', () => {
    const auth = createAuthorizer(TOKEN);
    expect(auth.check(TOKEN)).toBe(true);
    expect(auth.check(`${TOKEN} `)).toBe(false);
    expect(auth.check(TOKEN.slice(0, -1))).toBe(false);
    expect(auth.check('')).toBe(false);
    expect(auth.check(undefined)).toBe(false);
    expect(auth.check([TOKEN, TOKEN])).toBe(false);
    expect(auth.scheme).toBe('Bearer');
    const two = createAuthorizer(['Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Token abcdefghijklmnop']);
    expect(two.check('Basic YWxhZGRpbjpvcGVuc2VzYW1l')).toBe(true);
    expect(two.check('Token abcdefghijklmnop')).toBe(true);
    expect(two.scheme).toBe('Basic');
    expect(createAuthorizer('a-bare-token-without-scheme').scheme).toBe('Bearer');
  });
});
