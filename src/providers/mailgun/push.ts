/**
 * Mailgun push: domain templates named `authmail-<template>-<locale>`, one
 * HTML body each (Mailgun stores no text template) with the subject in the
 * template's `headers`; the active version's tag is the content hash.
 *   lookup    GET /v3/{domain}/templates/{name}?active=yes   (404: new; else compare the active tag)
 *   new       POST /v3/{domain}/templates {name, description, template, tag, comment, headers}
 *   changed   POST /v3/{domain}/templates/{name}/versions {template, tag, comment, headers, active: yes}
 * Mailgun allows 100 templates per domain: push a subset (--template, --locale).
 */
import type { ApiRequest } from '../../mail/api.ts';
import { oneRequestEach, type Pusher, type PushTemplate, shortHash } from '../push.ts';
import { domainPath, mailgunClient } from './api.ts';
import type { MailgunOptions } from './options.ts';

export function mailgunPusher(
  options: Pick<MailgunOptions, 'apiKey' | 'region' | 'baseUrl'> & { domain: string },
): Pusher {
  const client = mailgunClient(options);
  const base = domainPath(options.domain);
  const templatePath = (t: PushTemplate) => `${base}/templates/${encodeURIComponent(t.name)}`;
  const version = (t: PushTemplate): [string, string][] => [
    ['template', t.html],
    ['tag', shortHash(t.hash)],
    ['comment', `authmail ${t.hash}`],
    ['headers', JSON.stringify({ Subject: t.subject })],
  ];
  const lookup = (t: PushTemplate): ApiRequest => ({
    method: 'GET',
    path: `${templatePath(t)}?active=yes`,
    accept: [404],
  });
  const create = (t: PushTemplate): ApiRequest => ({
    method: 'POST',
    path: `${base}/templates`,
    body: { form: [['name', t.name], ['description', `authmail ${t.template} (${t.locale})`], ...version(t)] },
  });
  const update = (t: PushTemplate): ApiRequest => ({
    method: 'POST',
    path: `${templatePath(t)}/versions`,
    body: { form: [...version(t), ['active', 'yes']] },
  });
  return {
    target: 'mailgun',
    baseUrl: client.baseUrl,
    plan: oneRequestEach(client, { lookup, create, update }),
    async push(t, call) {
      const found = await call((signal) => client.request(lookup(t), signal));
      if (found.status === 404) {
        await call((signal) => client.request(create(t), signal));
        return { outcome: 'created', id: t.name };
      }
      const tag = (found.json as { template?: { version?: { tag?: unknown } } } | undefined)?.template?.version?.tag;
      if (tag === shortHash(t.hash)) return { outcome: 'unchanged', id: t.name };
      await call((signal) => client.request(update(t), signal));
      return { outcome: 'updated', id: t.name, detail: `new active version ${shortHash(t.hash)}` };
    },
  };
}
