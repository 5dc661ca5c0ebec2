/**
 * Cross-site request protection of the preview. The preview can send email
 * through the project's configured transport, with its credentials, so no
 * other page may make it act: a web page can POST to 127.0.0.1 ("simple"
 * requests need no CORS preflight), and the loopback Host check only stops
 * DNS rebinding.
 *
 * A request that changes state or sends (anything but GET / HEAD) passes only
 *   - with `Sec-Fetch-Site: same-origin` when the browser sends the header,
 *   - with an `Origin` equal to the preview's own when one is sent,
 *   - with the per-start token, which only the preview page knows (it is
 *     written into the page; another origin cannot read it), in `x-authmail-token`,
 *   - and, when it has a body, as `Content-Type: application/json`.
 * The custom header alone already forces a CORS preflight, which the preview
 * never answers with CORS headers; the other checks hold even for clients
 * that do not preflight.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const TOKEN_HEADER = 'x-authmail-token';
export const TOKEN_META = 'authmail-token';

export interface GuardRefusal {
  status: 403 | 415;
  code: 'CROSS_SITE' | 'BAD_ORIGIN' | 'BAD_TOKEN' | 'NOT_JSON';
  message: string;
}

export interface RequestGuard {
  /** The per-start token the page carries. */
  readonly token: string;
  /** Why a request must be refused, or undefined when it may go on. */
  check(method: string, headers: IncomingHttpHeaders): GuardRefusal | undefined;
  /** The preview page with the token written into its head. */
  injectToken(page: string): string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createGuard(token: string = randomBytes(24).toString('base64url')): RequestGuard {
  return {
    token,
    check(method, headers) {
      if (SAFE_METHODS.has(method)) return undefined;
      const site = first(headers['sec-fetch-site']);
      if (site !== undefined && site !== 'same-origin') {
        return {
          status: 403,
          code: 'CROSS_SITE',
          message: `Refused a ${site} request: the preview acts only for its own page`,
        };
      }
      const origin = first(headers.origin);
      if (origin !== undefined && origin !== `http://${headers.host ?? ''}`) {
        return {
          status: 403,
          code: 'BAD_ORIGIN',
          message: `Refused a request from ${origin}: not the preview's origin`,
        };
      }
      if (!sameToken(first(headers[TOKEN_HEADER]), token)) {
        return {
          status: 403,
          code: 'BAD_TOKEN',
          message: `Refused: missing or wrong ${TOKEN_HEADER} (the preview page sends it; it changes at every start)`,
        };
      }
      const length = Number(first(headers['content-length']) ?? 0);
      const hasBody = length > 0 || headers['transfer-encoding'] !== undefined;
      const type = (first(headers['content-type']) ?? '').split(';')[0]?.trim().toLowerCase();
      if (hasBody && type !== 'application/json') {
        return {
          status: 415,
          code: 'NOT_JSON',
          message: `Expected Content-Type: application/json, got ${type || 'none'}`,
        };
      }
      return undefined;
    },
    injectToken(page) {
      const meta = `<meta name="${TOKEN_META}" content="${token}">`;
      return page.includes('<head>') ? page.replace('<head>', `<head>${meta}`) : `${meta}${page}`;
    },
  };
}
