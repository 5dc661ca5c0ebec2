/**
 * Reading and validating one request of Logto's HTTP email connector:
 *
 *   POST <endpoint>   Authorization: <verbatim>   Content-Type: application/json
 *   { "to": "…", "type": "SignIn", "payload": { "code"?, "link"?, "locale"?, "uiLocales"?, … }, "ip"?: "…" }
 *
 * The body is read up to the configured limit and no further (a declared
 * Content-Length above it is refused before reading), parsed as JSON and
 * checked with zod; every problem is reported with the field it belongs to.
 * Unknown top-level fields are ignored (authmail's own http transport adds
 * `rendered`); the payload's variables are checked later, against the
 * template, by the runtime.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { RequestError } from '../core/http.ts';

export { RequestError, readBody } from '../core/http.ts';

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what} (got ${typeName(issue.input)})`;

const optionalString = z
  .string({ error: (i) => `must be a string (got ${typeName(i.input)})` })
  .max(1_000, 'must be at most 1000 characters')
  .nullish()
  .transform((v) => v ?? undefined);

export const payloadSchema = z
  .object(
    {
      locale: optionalString,
      uiLocales: optionalString,
    },
    { error: required('an object') },
  )
  .catchall(z.unknown());

export const requestSchema = z.object(
  {
    to: z
      .string({ error: required('a string') })
      .min(1, 'must not be empty')
      .max(320, 'must be at most 320 characters'),
    type: z
      .string({ error: required('a string') })
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters'),
    payload: payloadSchema,
    ip: z
      .string({ error: (i) => `must be a string (got ${typeName(i.input)})` })
      .refine((v) => isIP(v.replace(/%.*$/, '')) !== 0, 'must be an IPv4 or IPv6 address')
      .optional(),
  },
  { error: (i) => `the request body must be a JSON object (got ${typeName(i.input)})` },
);

export type LogtoEmailRequest = z.output<typeof requestSchema>;

/** JSON → a checked request, or a 400 that lists every problem by field. */
export function parseRequest(body: Buffer): LogtoEmailRequest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new RequestError(400, 'INVALID_JSON', `The request body is not valid JSON: ${(error as Error).message}.`);
  }
  const result = requestSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  const text = issues.map((i) => (i.field === '(body)' ? i.message : `${i.field} ${i.message}`)).join('; ');
  throw new RequestError(400, 'INVALID_REQUEST', `Invalid request: ${text}.`, { issues });
}
