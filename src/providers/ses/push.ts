/**
 * SES push through the AWS SDK (SigV4): stored templates named
 * `authmail-<template>-<locale>`. SES keeps no versions, so a changed
 * template is replaced. The SDK's REST calls, as the dry run shows them:
 *   lookup    GetEmailTemplate     GET  /v2/email/templates/{name}   (NotFoundException: new)
 *   new       CreateEmailTemplate  POST /v2/email/templates {TemplateName, TemplateContent {Subject, Html, Text}}
 *   changed   UpdateEmailTemplate  PUT  /v2/email/templates/{name} {TemplateContent}
 * SES allows about one template write per second; throttled calls are retried.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { REDACTED } from '../../core/redact.ts';
import type { DescribedRequest } from '../../mail/api.ts';
import { contentHash, type Pusher, type PushTemplate } from '../push.ts';
import { createSesClient, type SesSdk, sesFailure } from './api.ts';
import type { SesOptions } from './options.ts';

type SesPushOptions = Pick<SesOptions, 'region' | 'endpoint' | 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;

const describe = (method: DescribedRequest['method'], path: string, body?: unknown): DescribedRequest => ({
  method,
  path,
  headers: {
    Authorization: `AWS4-HMAC-SHA256 ${REDACTED}`,
    ...(body ? { 'Content-Type': 'application/json' } : {}),
  },
  ...(body ? { body } : {}),
});

const templateContent = (t: PushTemplate) => ({ Subject: t.subject, Html: t.html, Text: t.text ?? '' });

export function sesPusher(options: SesPushOptions): Pusher {
  let client: Promise<{ client: SESv2Client; sdk: SesSdk }> | undefined;
  const secrets = [options.secretAccessKey, options.sessionToken];
  const run = async <T>(operation: string, fn: (c: SESv2Client, sdk: SesSdk) => Promise<T>): Promise<T> => {
    client ??= createSesClient(options);
    const { client: ses, sdk } = await client;
    try {
      return await fn(ses, sdk);
    } catch (error) {
      throw sesFailure(error, `ses: ${operation}`, secrets);
    }
  };
  const path = (t: PushTemplate) => `/v2/email/templates/${encodeURIComponent(t.name)}`;
  return {
    target: 'ses',
    baseUrl: options.endpoint ?? `https://email.${options.region}.amazonaws.com`,
    plan: (t) => ({
      lookup: [describe('GET', path(t))],
      create: [describe('POST', '/v2/email/templates', { TemplateName: t.name, TemplateContent: templateContent(t) })],
      update: [describe('PUT', path(t), { TemplateContent: templateContent(t) })],
    }),
    async push(t, call) {
      const remote = await call((abortSignal) =>
        run('GetEmailTemplate', (ses, sdk) =>
          ses.send(new sdk.GetEmailTemplateCommand({ TemplateName: t.name }), { abortSignal }).then(
            (r) => r.TemplateContent,
            (error: { name?: string }) => {
              if (error?.name === 'NotFoundException') return null;
              throw error;
            },
          ),
        ),
      );
      if (remote === null) {
        await call((abortSignal) =>
          run('CreateEmailTemplate', (ses, sdk) =>
            ses.send(
              new sdk.CreateEmailTemplateCommand({ TemplateName: t.name, TemplateContent: templateContent(t) }),
              { abortSignal },
            ),
          ),
        );
        return { outcome: 'created', id: t.name };
      }
      const same =
        contentHash({ subject: remote?.Subject ?? '', html: remote?.Html ?? '', text: remote?.Text ?? '' }) ===
        contentHash({ subject: t.subject, html: t.html, text: t.text ?? '' });
      if (same) return { outcome: 'unchanged', id: t.name };
      await call((abortSignal) =>
        run('UpdateEmailTemplate', (ses, sdk) =>
          ses.send(new sdk.UpdateEmailTemplateCommand({ TemplateName: t.name, TemplateContent: templateContent(t) }), {
            abortSignal,
          }),
        ),
      );
      return { outcome: 'updated', id: t.name, detail: 'content replaced (SES keeps no versions)' };
    },
  };
}
