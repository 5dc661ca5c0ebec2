/**
 * Requests answered before the Authorization check and before any body is
 * read: another path (404), another method (405), or a server that is
 * shutting down (503, Retry-After: 1).
 */
import { errorBody, type Outcome } from './handler.ts';

export function earlyOutcome(
  method: string | undefined,
  path: string,
  endpoint: string,
  closing: boolean,
): Outcome | undefined {
  if (path !== endpoint) {
    return {
      status: 404,
      body: errorBody('NOT_FOUND', `No endpoint at ${path}; Logto posts to ${endpoint}.`),
      log: {},
    };
  }
  if (method !== 'POST') {
    return {
      status: 405,
      headers: { allow: 'POST' },
      body: errorBody('METHOD_NOT_ALLOWED', `Use POST ${endpoint}.`),
      log: {},
    };
  }
  if (closing) {
    return {
      status: 503,
      headers: { 'retry-after': '1' },
      body: errorBody('SHUTTING_DOWN', 'The server is shutting down; nothing was sent.'),
      log: {},
    };
  }
  return undefined;
}
