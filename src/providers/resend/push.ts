/**
 * Resend push: templates whose alias is `authmail-<template>-<locale>`, with
 * their declared variables; a template is sent only once published.
 *   lookup    GET /templates/{alias}          (404: new; else compare content and status)
 *   new       POST /templates {name, alias, subject, html, text, variables}, POST /templates/{id}/publish
 *   changed   PATCH /templates/{id} {subject, html, text, variables}, POST /templates/{id}/publish
 *   draft     POST /templates/{id}/publish    (an earlier push stopped before publishing)
 */
import type { ApiRequest } from '../../mail/api.ts';
import { afterStep, contentHash, type Pusher, type PushTemplate } from '../push.ts';
import { resendClient } from './api.ts';
import type { ResendOptions } from './options.ts';

interface RemoteTemplate {
  id?: string;
  subject?: string;
  html?: string;
  text?: string;
  status?: string;
  variables?: { key?: string; fallback_value?: unknown }[];
}

const content = (t: PushTemplate) => ({
  subject: t.subject,
  html: t.html,
  text: t.text ?? '',
  variables: (t.variables ?? []).map((key) => ({
    key,
    type: 'string',
    ...(t.fallbacks?.[key] !== undefined ? { fallback_value: t.fallbacks[key] } : {}),
  })),
});
const lookup = (t: PushTemplate): ApiRequest => ({ method: 'GET', path: `/templates/${t.name}`, accept: [404] });
const create = (t: PushTemplate): ApiRequest => ({
  method: 'POST',
  path: '/templates',
  body: { json: { name: t.name, alias: t.name, ...content(t) } },
});
const update = (id: string, t: PushTemplate): ApiRequest => ({
  method: 'PATCH',
  path: `/templates/${id}`,
  body: { json: content(t) },
});
const publish = (id: string): ApiRequest => ({ method: 'POST', path: `/templates/${id}/publish` });

export function resendPusher(options: Pick<ResendOptions, 'apiKey' | 'baseUrl'>): Pusher {
  const client = resendClient(options);
  const publishStep = async (id: string, call: Parameters<Pusher['push']>[1], done: string) => {
    try {
      await call((signal) => client.request(publish(id), signal));
    } catch (error) {
      afterStep(error, done);
    }
  };
  return {
    target: 'resend',
    baseUrl: client.baseUrl,
    plan: (t) => ({
      lookup: [client.describe(lookup(t))],
      create: [client.describe(create(t)), client.describe(publish('{id}'))],
      update: [client.describe(update('{id}', t)), client.describe(publish('{id}'))],
    }),
    async push(t, call) {
      const found = await call((signal) => client.request(lookup(t), signal));
      if (found.status === 404) {
        const r = await call((signal) => client.request(create(t), signal));
        const id = (r.json as { id?: unknown } | undefined)?.id;
        if (typeof id !== 'string') throw new Error('resend: POST /templates answered without an id');
        await publishStep(id, call, `created template ${id} (draft)`);
        return { outcome: 'created', id };
      }
      const remote = (found.json ?? {}) as RemoteTemplate;
      const id = remote.id ?? t.name;
      const remoteHash = contentHash({
        subject: remote.subject ?? '',
        html: remote.html ?? '',
        text: remote.text ?? '',
        variables: (remote.variables ?? []).map((v) => v.key ?? ''),
        fallbacks: Object.fromEntries(
          (remote.variables ?? []).flatMap((v) =>
            typeof v.fallback_value === 'string' ? [[v.key ?? '', v.fallback_value]] : [],
          ),
        ),
      });
      const same = remoteHash === contentHash({ ...t, text: t.text ?? '' });
      if (same && remote.status === 'published') return { outcome: 'unchanged', id };
      if (!same) await call((signal) => client.request(update(id, t), signal));
      await publishStep(id, call, same ? `found draft ${id}` : `updated template ${id} (draft)`);
      return { outcome: 'updated', id, detail: same ? 'published the draft' : 'new published version' };
    },
  };
}
