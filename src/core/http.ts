/**
 * The HTTP plumbing both servers share (`authmail serve`, `authmail dev`):
 * a request body read up to a limit and no further, JSON bodies, JSON
 * replies, and listening as a promise. Errors a client caused are
 * `RequestError`s with their status, answered without a stack.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthmailError } from './errors.ts';

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

/** The body parsed as JSON (`{}` when empty); 400 `BAD_JSON` naming the problem otherwise. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  if (!body.length) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new RequestError(400, 'BAD_JSON', `The request body is not JSON: ${(error as Error).message}`);
  }
}

/** A JSON reply, never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** A port that cannot be listened on, named in one line (`errno`: EADDRINUSE, EACCES, EADDRNOTAVAIL…). */
export class ListenError extends AuthmailError {
  readonly errno: string;
  readonly port: number;
  readonly host: string;
  constructor(errno: string, port: number, host: string, detail: string) {
    const why =
      errno === 'EADDRINUSE'
        ? 'is in use'
        : errno === 'EACCES'
          ? 'needs privileges this process lacks'
          : errno === 'EADDRNOTAVAIL'
            ? 'is on an address this machine does not have'
            : `cannot be listened on (${detail})`;
    super('LISTEN_FAILED', `port ${port} on ${host} ${why}${errno ? ` (${errno})` : ''}`);
    this.errno = errno;
    this.port = port;
    this.host = host;
  }
}

/** Listens on `port` (0: any free one) and resolves with the port, or rejects with a `ListenError`. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new ListenError(error.code ?? '', port, host, error.message));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
