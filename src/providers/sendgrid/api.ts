/**
 * SendGrid's REST API for the transport and the exporter: base URL by region
 * (or the override), `Authorization: Bearer <key>`, the `on-behalf-of`
 * subuser header, and its error body `{ errors: [{ message, field }] }`.
 * Rate limits come as `X-RateLimit-*` headers (classify.ts reads the reset).
 */
import { type ApiClient, type ApiResponse, createApiClient, redactedAuth } from '../../mail/api.ts';
import { SENDGRID_BASE_URLS, type SendgridOptions } from './options.ts';

type Credentials = Pick<SendgridOptions, 'apiKey' | 'region' | 'baseUrl' | 'onBehalfOf'>;

export function readSendgridError(response: ApiResponse) {
  const errors = (response.json as { errors?: { message?: unknown; field?: unknown }[] } | undefined)?.errors;
  if (!Array.isArray(errors) || !errors.length) return {};
  const message = errors
    .map((e) => `${typeof e.field === 'string' && e.field ? `${e.field}: ` : ''}${String(e.message ?? '')}`)
    .join('; ');
  return { message };
}

export function sendgridClient(options: Credentials): ApiClient {
  const subuser: Record<string, string> = options.onBehalfOf ? { 'on-behalf-of': options.onBehalfOf } : {};
  return createApiClient({
    name: 'sendgrid',
    baseUrl: options.baseUrl ?? SENDGRID_BASE_URLS[options.region],
    headers: { Authorization: `Bearer ${options.apiKey}`, ...subuser },
    redactedHeaders: { Authorization: redactedAuth('Bearer'), ...subuser },
    readError: readSendgridError,
    secrets: [options.apiKey],
  });
}

export interface SendgridTemplate {
  id: string;
  name: string;
  versions?: { id: string; name?: string; active?: number; subject?: string }[];
}

/** Every dynamic template (`GET /v3/templates?generations=dynamic`, following the page tokens). */
export async function listSendgridTemplates(client: ApiClient, signal?: AbortSignal): Promise<SendgridTemplate[]> {
  const out: SendgridTemplate[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query = `generations=dynamic&page_size=200${token ? `&page_token=${encodeURIComponent(token)}` : ''}`;
    const { json } = await client.request({ method: 'GET', path: `/v3/templates?${query}` }, signal);
    const body = json as { result?: SendgridTemplate[]; _metadata?: { next?: string } } | undefined;
    out.push(...(body?.result ?? []));
    const next = body?._metadata?.next;
    token = next && URL.canParse(next) ? (new URL(next).searchParams.get('page_token') ?? undefined) : undefined;
    if (!token) break;
  }
  return out;
}
