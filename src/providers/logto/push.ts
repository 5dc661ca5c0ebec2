/**
 * Logto push through the Management API: one i18n email template per
 * (languageTag, templateType), `details { subject, content, contentType:
 * text/html }`. `PUT /api/email-templates` replaces on (languageTag,
 * templateType), so a changed template is replaced; an unchanged one is not
 * sent again.
 *   token     POST /oidc/token (client credentials, resource = the Management API)
 *   lookup    GET /api/email-templates?languageTag=de&templateType=SignIn
 *   new, changed   PUT /api/email-templates {templates: [{languageTag, templateType, details}]}
 * Also: the `templates` array of a Logto connector's config (one per locale).
 */
import { createRedactor, type Redactor } from '../../core/redact.ts';
import type { ExportedTemplate } from '../../hosted/types.ts';
import { type ApiClient, type ApiRequest, createApiClient, redactedAuth } from '../../mail/api.ts';
import type { Pusher, PushTemplate } from '../push.ts';
import type { LogtoExportOptions } from './options.ts';

export interface LogtoEmailTemplate {
  languageTag: string;
  templateType: string;
  details: { subject: string; content: string; contentType: 'text/html' };
}

export const logtoTemplate = (t: ExportedTemplate): LogtoEmailTemplate => ({
  languageTag: t.locale,
  templateType: t.logtoType,
  details: { subject: t.subject, content: t.html, contentType: 'text/html' },
});

/** The body of one `PUT /api/email-templates`. */
export const logtoManagementBody = (templates: readonly ExportedTemplate[]) => ({
  templates: templates.map(logtoTemplate),
});

export const LOGTO_CONNECTORS = ['smtp', 'sendgrid', 'aws-ses', 'aliyun-dm', 'smtp2go'] as const;
export type LogtoConnector = (typeof LOGTO_CONNECTORS)[number];

/**
 * A Logto connector's `templates` config for one locale (connectors hold one
 * template per usage type, with no locale). SMTP names the content type
 * `contentType`, SendGrid and SMTP2GO `type`; AWS SES and Aliyun DM always send HTML.
 */
export function logtoConnectorTemplates(templates: readonly ExportedTemplate[], connector: LogtoConnector = 'smtp') {
  return templates.map((t) => ({
    usageType: t.logtoType,
    ...(connector === 'smtp' ? { contentType: 'text/html' } : {}),
    ...(connector === 'sendgrid' || connector === 'smtp2go' ? { type: 'text/html' } : {}),
    subject: t.subject,
    content: t.html,
  }));
}

/** The Management API's resource indicator for an endpoint. */
export function logtoResource(options: Pick<LogtoExportOptions, 'endpoint' | 'resource'>): string {
  if (options.resource) return options.resource;
  const host = new URL(options.endpoint).hostname;
  const cloud = /^([a-z0-9]+)\.logto\.app$/.exec(host);
  return cloud ? `https://${cloud[1]}.logto.app/api` : 'https://default.logto.app/api';
}

const DRY_RUN: Pick<LogtoExportOptions, 'endpoint'> = { endpoint: 'https://{tenant-id}.logto.app' };

/**
 * The Management API client. `redactor` (the caller's) learns the access token the moment it is
 * obtained, so that no error, log line or `--json` output shows it.
 */
export function logtoClient(options: LogtoExportOptions | undefined, redactor: Redactor = createRedactor()): ApiClient {
  const endpoint = options?.endpoint ?? DRY_RUN.endpoint;
  let token: { value: string; until: number } | undefined;
  const secrets = [options?.appSecret, options?.accessToken].filter((s): s is string => Boolean(s));
  const tokenClient =
    options?.appId && options.appSecret
      ? createApiClient({
          name: 'logto',
          baseUrl: endpoint,
          headers: {
            Authorization: `Basic ${Buffer.from(`${options.appId}:${options.appSecret}`).toString('base64')}`,
          },
          redactedHeaders: { Authorization: redactedAuth('Basic') },
          secrets,
          redactor,
        })
      : undefined;
  const accessToken = async (signal?: AbortSignal) => {
    if (options?.accessToken) return options.accessToken;
    if (token && token.until > Date.now()) return token.value;
    if (!tokenClient) throw new Error('logto: no credentials (appId + appSecret, or accessToken)');
    const r = await tokenClient.request(
      {
        method: 'POST',
        path: '/oidc/token',
        body: {
          urlencoded: [
            ['grant_type', 'client_credentials'],
            ['resource', logtoResource(options ?? DRY_RUN)],
            ['scope', 'all'],
          ],
        },
      },
      signal,
    );
    const body = r.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== 'string')
      throw new Error('logto: POST /oidc/token answered without access_token');
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    redactor.add(body.access_token);
    token = { value: body.access_token, until: Date.now() + Math.max(0, ttl - 60) * 1000 };
    return token.value;
  };
  return createApiClient({
    name: 'logto',
    baseUrl: endpoint,
    headers: async (_request, signal) => ({ Authorization: `Bearer ${await accessToken(signal)}` }),
    redactedHeaders: { Authorization: redactedAuth('Bearer') },
    readError: (response) => {
      const body = response.json as { message?: unknown; code?: unknown } | undefined;
      return typeof body?.message === 'string'
        ? { message: `${body.message}${typeof body.code === 'string' ? ` (${body.code})` : ''}` }
        : {};
    },
    secrets,
    redactor,
  });
}

const TOKEN_REQUEST = {
  method: 'POST' as const,
  path: '/oidc/token',
  headers: { Authorization: redactedAuth('Basic'), 'Content-Type': 'application/x-www-form-urlencoded' },
  body: { grant_type: 'client_credentials', resource: 'https://{tenant-id}.logto.app/api', scope: 'all' },
};

export function logtoPusher(options: LogtoExportOptions | undefined, redactor?: Redactor): Pusher {
  const client = logtoClient(options, redactor);
  const lookup = (t: PushTemplate): ApiRequest => ({
    method: 'GET',
    path: `/api/email-templates?languageTag=${encodeURIComponent(t.locale)}&templateType=${encodeURIComponent(t.logtoType)}`,
  });
  const put = (t: PushTemplate): ApiRequest => ({
    method: 'PUT',
    path: '/api/email-templates',
    body: { json: logtoManagementBody([t]) },
  });
  const token = options
    ? { ...TOKEN_REQUEST, body: { ...TOKEN_REQUEST.body, resource: logtoResource(options) } }
    : TOKEN_REQUEST;
  return {
    target: 'logto',
    baseUrl: client.baseUrl,
    plan: (t) => ({
      lookup: [...(options?.accessToken ? [] : [token]), client.describe(lookup(t))],
      create: [client.describe(put(t))],
      update: [client.describe(put(t))],
    }),
    async push(t, call) {
      const found = await call((signal) => client.request(lookup(t), signal));
      const list = Array.isArray(found.json)
        ? (found.json as { id?: string; details?: Record<string, unknown> }[])
        : [];
      const remote = list[0];
      const want = logtoTemplate(t).details;
      if (
        remote?.details &&
        remote.details.subject === want.subject &&
        remote.details.content === want.content &&
        remote.details.contentType === want.contentType
      ) {
        return { outcome: 'unchanged', id: remote.id };
      }
      const r = await call((signal) => client.request(put(t), signal));
      const saved = Array.isArray(r.json) ? (r.json as { id?: string }[])[0] : undefined;
      return remote
        ? { outcome: 'updated', id: remote.id, detail: 'details replaced' }
        : { outcome: 'created', id: saved?.id };
    },
  };
}
