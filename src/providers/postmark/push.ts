/**
 * Postmark push: Standard templates whose alias is `authmail-<template>-<locale>`.
 * Postmark keeps no versions, so a changed template is replaced in place.
 *   lookup    GET /templates/{alias}          (404 or ErrorCode 1101: new; else compare Subject/HtmlBody/TextBody)
 *   new       POST /templates {Name, Alias, Subject, HtmlBody, TextBody, TemplateType: Standard}
 *   changed   PUT /templates/{alias} {Name, Subject, HtmlBody, TextBody}
 * Postmark allows 100 templates per server: push a subset (--template, --locale).
 */
import { SendError } from '../../core/errors.ts';
import type { ApiRequest } from '../../mail/api.ts';
import { contentHash, oneRequestEach, type Pusher, type PushTemplate } from '../push.ts';
import { postmarkClient } from './api.ts';
import type { PostmarkOptions } from './options.ts';

const lookup = (t: PushTemplate): ApiRequest => ({
  method: 'GET',
  path: `/templates/${encodeURIComponent(t.name)}`,
  accept: [404],
});
const content = (t: PushTemplate) => ({ Name: t.name, Subject: t.subject, HtmlBody: t.html, TextBody: t.text ?? '' });
const create = (t: PushTemplate): ApiRequest => ({
  method: 'POST',
  path: '/templates',
  body: { json: { ...content(t), Alias: t.name, TemplateType: 'Standard' } },
});
const update = (t: PushTemplate): ApiRequest => ({
  method: 'PUT',
  path: `/templates/${encodeURIComponent(t.name)}`,
  body: { json: content(t) },
});

export function postmarkPusher(options: Pick<PostmarkOptions, 'serverToken' | 'baseUrl'>): Pusher {
  const client = postmarkClient(options);
  return {
    target: 'postmark',
    baseUrl: client.baseUrl,
    plan: oneRequestEach(client, { lookup, create, update }),
    async push(t, call) {
      // A missing template: 404, or 422 with ErrorCode 1101 ("template not found").
      const found = await call((signal) => client.request(lookup(t), signal)).catch((error: unknown) => {
        if (error instanceof SendError && error.status === 422 && /ErrorCode 1101\b/.test(error.message)) {
          return { status: 404, json: undefined };
        }
        throw error;
      });
      if (found.status === 404) {
        const r = await call((signal) => client.request(create(t), signal));
        return { outcome: 'created', id: String((r.json as { TemplateId?: unknown } | undefined)?.TemplateId ?? '') };
      }
      const remote = found.json as { TemplateId?: unknown; Subject?: string; HtmlBody?: string; TextBody?: string };
      const id = String(remote?.TemplateId ?? '');
      const same =
        contentHash({ subject: remote?.Subject ?? '', html: remote?.HtmlBody ?? '', text: remote?.TextBody ?? '' }) ===
        contentHash({ subject: t.subject, html: t.html, text: t.text ?? '' });
      if (same) return { outcome: 'unchanged', id };
      await call((signal) => client.request(update(t), signal));
      return { outcome: 'updated', id, detail: 'content replaced (Postmark keeps no versions)' };
    },
  };
}
