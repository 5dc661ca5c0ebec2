/**
 * What the server writes on a socket whose request Node could not parse or
 * did not receive in time: a JSON error and Connection: close, written raw
 * (there is no response object), or nothing when the client is gone.
 */
import type { Socket } from 'node:net';
import { errorBody } from './handler.ts';

const REASONS = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as const;

/** Answers the client error; returns its status and code, or undefined when the socket was only destroyed. */
export function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Socket,
  readTimeout: number,
): { status: 400 | 408 | 431; code: string } | undefined {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return undefined;
  }
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const code = status === 408 ? 'REQUEST_TIMEOUT' : status === 431 ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST';
  const message =
    status === 408
      ? `The request was not received within ${readTimeout} ms.`
      : status === 431
        ? 'The request headers are too large.'
        : 'The request is not valid HTTP.';
  const body = JSON.stringify(errorBody(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  return { status, code };
}
