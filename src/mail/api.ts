/**
 * Shared HTTP plumbing of the provider transports (SendGrid, Postmark,
 * Mailgun, Resend, Aliyun) and of the exporters' push clients: one request
 * to a provider's REST API — base URL, auth headers, a JSON, multipart or
 * urlencoded body, the attempt's AbortSignal — and every failure turned into
 * a `SendError` through classify.ts, with the provider's own error message
 * (each provider supplies a reader for its error body). Secrets never reach
 * an error message, and `describe()` gives the request as the dry run shows
 * it, with the auth headers redacted.
 */

import type { SendError } from '../core/errors.ts';
import { createRedactor, REDACTED, type Redactor } from '../core/redact.ts';
import { type Classified, classifyHttpStatus, classifyNetworkError, sendFailure } from './classify.ts';

export type FormFields = readonly (readonly [string, string])[];

/** A request body: JSON, multipart/form-data (Mailgun) or application/x-www-form-urlencoded (Aliyun, OAuth). */
export type ApiBody = { json: unknown } | { form: FormFields } | { urlencoded: FormFields };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Path under the base URL, such as `/v3/mail/send`; may carry a query string. */
  path: string;
  body?: ApiBody;
  /** Extra headers of this request (`Idempotency-Key`). */
  headers?: Record<string, string>;
  /** Statuses that are answers rather than failures (404 of a lookup). */
  accept?: readonly number[];
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

export interface ProviderError {
  /** The provider's own explanation, from its error body. */
  message?: string | undefined;
  /** Changes to the status-based classification (a throttling code in a 400 body, a Retry-After in the text). */
  classified?: Partial<Classified> | undefined;
}

export interface ApiClientOptions {
  /** Provider name, used in errors: `sendgrid`. */
  name: string;
  baseUrl: string;
  /** Auth and fixed headers of every request; a function when a token is fetched or computed per request. */
  headers: Record<string, string> | ((request: ApiRequest, signal?: AbortSignal) => Promise<Record<string, string>>);
  /** The auth headers as the dry run shows them (`{ Authorization: 'Bearer [redacted]' }`). */
  redactedHeaders: Record<string, string>;
  /** Reads the provider's error body. */
  readError?: (response: ApiResponse) => ProviderError;
  /** Values that must never appear in errors (the API key). */
  secrets?: Iterable<string>;
  /**
   * A redactor to share (the caller's, which also redacts its own output): the client adds `secrets` to it,
   * and credentials obtained at run time (an OAuth access token) are added to it as they arrive.
   */
  redactor?: Redactor | undefined;
}

/** A request as the dry run writes it: exact method, path, headers (auth redacted) and body. */
export interface DescribedRequest {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface ApiClient {
  readonly name: string;
  readonly baseUrl: string;
  /** Sends one request once; a non-2xx status not in `accept` throws a `SendError`. */
  request(request: ApiRequest, signal?: AbortSignal): Promise<ApiResponse>;
  describe(request: ApiRequest): DescribedRequest;
}

const MAX_ERROR_TEXT = 300;

function contentType(body: ApiBody | undefined): string | undefined {
  if (!body) return undefined;
  if ('json' in body) return 'application/json';
  if ('form' in body) return 'multipart/form-data';
  return 'application/x-www-form-urlencoded';
}

function encode(body: ApiBody): string | FormData {
  if ('json' in body) return JSON.stringify(body.json);
  if ('form' in body) {
    const form = new FormData();
    for (const [k, v] of body.form) form.append(k, v);
    return form;
  }
  return new URLSearchParams(body.urlencoded as [string, string][]).toString();
}

/** Form fields as an object when every name is unique (readable), else as pairs. */
function showFields(fields: FormFields): unknown {
  const names = new Set(fields.map(([k]) => k));
  return names.size === fields.length ? Object.fromEntries(fields) : fields.map(([k, v]) => [k, v]);
}

/** Joins a base URL (possibly with a path prefix) and a request path. */
export const joinUrl = (baseUrl: string, path: string) => `${baseUrl.replace(/\/+$/, '')}${path}`;

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A short excerpt of a body that is not JSON (Mailgun's plain-text 401 "Forbidden"). */
const excerpt = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_TEXT);

export function createApiClient(options: ApiClientOptions): ApiClient {
  const redact = options.redactor ?? createRedactor();
  redact.add(...(options.secrets ?? []));
  const { name, baseUrl } = options;
  const fail = (classified: Classified, message: string): SendError =>
    sendFailure(name, classified, redact.string(message));

  return {
    name,
    baseUrl,
    describe(request) {
      const type = contentType(request.body);
      const body = request.body;
      return {
        method: request.method,
        path: request.path,
        headers: {
          ...options.redactedHeaders,
          ...(type ? { 'Content-Type': type } : {}),
          ...(request.headers ?? {}),
        },
        ...(body
          ? { body: 'json' in body ? body.json : 'form' in body ? showFields(body.form) : showFields(body.urlencoded) }
          : {}),
      };
    },
    async request(request, signal) {
      const fixed = typeof options.headers === 'function' ? await options.headers(request, signal) : options.headers;
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'authmail', ...fixed };
      for (const [k, v] of Object.entries(request.headers ?? {})) headers[k] = v;
      const body = request.body ? encode(request.body) : undefined;
      // multipart: fetch sets the Content-Type with its boundary
      if (request.body && !('form' in request.body)) headers['Content-Type'] = contentType(request.body) as string;
      const url = joinUrl(baseUrl, request.path);
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          redirect: 'manual',
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw fail(
          classifyNetworkError(error),
          `${request.method} ${url} failed: ${cause ?? (error as Error).message ?? String(error)}`,
        );
      }
      let text = '';
      try {
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw error;
      }
      const answer: ApiResponse = { status: response.status, headers: response.headers, text, json: parseJson(text) };
      if ((response.status >= 200 && response.status < 300) || request.accept?.includes(response.status)) {
        return answer;
      }
      const classified = classifyHttpStatus(response.status, response.headers);
      const provider = options.readError?.(answer) ?? {};
      const reason =
        response.status >= 300 && response.status < 400
          ? `redirected to ${response.headers.get('location') ?? '(no location)'}; redirects are not followed`
          : provider.message || excerpt(text) || response.statusText || 'no body';
      throw fail(
        { ...classified, ...provider.classified },
        `${request.method} ${request.path} answered ${response.status}: ${reason}`,
      );
    },
  };
}

/** `Bearer [redacted]`, `Basic [redacted]`: how the dry run shows an auth header. */
export const redactedAuth = (scheme: string) => `${scheme} ${REDACTED}`;

/** A field of a JSON error body, if it is a non-empty string. */
export function stringField(json: unknown, ...keys: string[]): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  for (const key of keys) {
    const v = (json as Record<string, unknown>)[key];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

/** Message headers as one value each (repeated headers joined), for JSON APIs that take a map. */
export function singleHeaders(headers: Readonly<Record<string, string | string[]>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}
