/**
 * Option fields the provider transports share: base URLs (https, or http to
 * a loopback test server), required credentials whose absence is reported by
 * name. Only zod: the config schema loads this.
 */
import { z } from 'zod';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An http(s) base URL or endpoint (a provider's API, or a local test server). */
export const urlSchema = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/**
 * Refuses a base URL that would carry credentials in clear text (http:// to a
 * host that is not loopback, unless `allowInsecureHttp`) or in the URL itself.
 */
export function checkBaseUrl(ctx: z.RefinementCtx, url: string | undefined, key: string, allowInsecureHttp?: boolean) {
  if (url === undefined || !URL.canParse(url)) return; // reported by the key itself
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' && !LOOPBACK.has(parsed.hostname) && !allowInsecureHttp) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: 'http:// is only allowed to a loopback host; use https:// (or set allowInsecureHttp)',
    });
  }
  if (parsed.username || parsed.password) {
    ctx.addIssue({ code: 'custom', path: [key], message: 'must not contain credentials' });
  }
}

/** A required value (a credential, a domain, a region): a missing one is reported as "is required (<what>)". */
export const required = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `is required (${what})` : 'must be a string') })
    .min(1, `must not be empty (${what})`);

/** Non-empty text. */
export const text = z.string().min(1, 'must not be empty');
