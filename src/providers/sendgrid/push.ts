/**
 * SendGrid push: dynamic templates named `authmail-<template>-<locale>`; the
 * active version's name carries the content hash (`authmail <hash12>`).
 *   new       POST /v3/templates {name, generation: dynamic}
 *             POST /v3/templates/{id}/versions {name, subject, html_content, plain_content,
 *                                              generate_plain_content: false, active: 1, editor: code}
 *   changed   POST /v3/templates/{id}/versions (the new version becomes the active one)
 *   same hash nothing
 * Templates are listed once (GET /v3/templates?generations=dynamic&page_size=200).
 */
import type { ApiRequest } from '../../mail/api.ts';
import { afterStep, type Pusher, type PushTemplate, shortHash } from '../push.ts';
import { listSendgridTemplates, type SendgridTemplate, sendgridClient } from './api.ts';
import type { SendgridOptions } from './options.ts';

export const sendgridVersionName = (hash: string) => `authmail ${shortHash(hash)}`;

const createTemplate = (t: PushTemplate): ApiRequest => ({
  method: 'POST',
  path: '/v3/templates',
  body: { json: { name: t.name, generation: 'dynamic' } },
});

const createVersion = (t: PushTemplate, id: string): ApiRequest => ({
  method: 'POST',
  path: `/v3/templates/${id}/versions`,
  body: {
    json: {
      name: sendgridVersionName(t.hash),
      subject: t.subject,
      html_content: t.html,
      plain_content: t.text ?? '',
      generate_plain_content: false,
      active: 1,
      editor: 'code',
    },
  },
});

const LIST: ApiRequest = { method: 'GET', path: '/v3/templates?generations=dynamic&page_size=200' };

export function sendgridPusher(options: Pick<SendgridOptions, 'apiKey' | 'region' | 'baseUrl' | 'onBehalfOf'>): Pusher {
  const client = sendgridClient(options);
  let existing: Promise<Map<string, SendgridTemplate>> | undefined;
  return {
    target: 'sendgrid',
    baseUrl: client.baseUrl,
    plan: (t) => ({
      lookup: [client.describe(LIST)],
      create: [client.describe(createTemplate(t)), client.describe(createVersion(t, '{template_id}'))],
      update: [client.describe(createVersion(t, '{template_id}'))],
    }),
    async push(t, call) {
      existing ??= call((signal) => listSendgridTemplates(client, signal)).then(
        (list) => new Map(list.map((x) => [x.name, x])),
      );
      const remote = (await existing).get(t.name);
      if (remote) {
        const active = remote.versions?.find((v) => v.active === 1);
        if (active?.name === sendgridVersionName(t.hash)) return { outcome: 'unchanged', id: remote.id };
        await call((signal) => client.request(createVersion(t, remote.id), signal));
        return { outcome: 'updated', id: remote.id, detail: `new active version ${sendgridVersionName(t.hash)}` };
      }
      const created = await call((signal) => client.request(createTemplate(t), signal));
      const id = (created.json as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') throw new Error(`sendgrid: POST /v3/templates answered without an id`);
      try {
        await call((signal) => client.request(createVersion(t, id), signal));
      } catch (error) {
        afterStep(error, `created template ${id}`);
      }
      return { outcome: 'created', id };
    },
  };
}
