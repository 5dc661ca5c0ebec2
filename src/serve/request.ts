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
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { z } from 'zod';

/** A request the server answers with a 4xx before sending anything. */
export class RequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'RequestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const tooLarge = (limit: number) =>
  new RequestError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`, { limit });

/** The body, at most `limit` bytes; rejects with 413 as soon as more arrives (nothing beyond is kept). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(new RequestError(400, 'REQUEST_ABORTED', `The request body could not be read: ${error.message}`));
    };
    const onClose = () => {
      done();
      reject(
        new RequestError(400, 'REQUEST_ABORTED', 'The client closed the connection before the body was complete.'),
      );
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

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
