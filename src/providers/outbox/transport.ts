/**
 * The embedded default transport: nothing leaves the machine. Each message is
 * written to `<dir>/<time>-<template>-<id>.eml` (the exact MIME source an SMTP
 * server would receive) plus a `.json` sidecar with the envelope, the
 * template context and the rendered parts. Both files are written under
 * temporary names and renamed into place, the sidecar last, so a reader that
 * watches for `.json` files never sees half a message.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { classifyNetworkError, sendFailure } from '../../mail/classify.ts';
import { formatMailbox, type OutgoingMessage } from '../../mail/message.ts';
import { parseTransportOptions } from '../../mail/options.ts';
import type { Transport } from '../../mail/transport.ts';
import { type OutboxOptionsInput, outboxOptionsSchema } from './options.ts';

export { type OutboxOptions, type OutboxOptionsInput, outboxOptionsSchema } from './options.ts';

/** What the `.json` sidecar holds. */
export interface OutboxRecord {
  messageId: string;
  date: string;
  from: string;
  to: string;
  replyTo?: string;
  envelope: { from: string; to: string[] };
  subject: string;
  template: string;
  logtoType: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  variables: Record<string, unknown>;
  headers: Record<string, string | string[]>;
  /** The .eml file, relative to the sidecar. */
  eml: string;
  text: string;
  html: string;
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d+)Z$/, '$1Z');

export function createOutboxTransport(input: OutboxOptionsInput = {}, { cwd = process.cwd() } = {}): Transport {
  const options = parseTransportOptions(outboxOptionsSchema, input, 'outbox');
  const dir = resolve(cwd, options.dir);
  return {
    name: 'outbox',
    async send(message: OutgoingMessage, { signal }) {
      const id = message.messageId.slice(1, 9);
      const base = `${stamp(message.date)}-${message.context.template}-${id}`;
      const eml = join(dir, `${base}.eml`);
      const json = join(dir, `${base}.json`);
      const tmp = (p: string) => `${p}.${process.pid}.tmp`;
      const record: OutboxRecord = {
        messageId: message.messageId,
        date: message.date.toISOString(),
        from: formatMailbox(message.from),
        to: formatMailbox(message.to),
        ...(message.replyTo ? { replyTo: formatMailbox(message.replyTo) } : {}),
        envelope: message.envelope,
        subject: message.subject,
        template: message.context.template,
        logtoType: message.context.logtoType,
        locale: message.context.locale,
        dir: message.context.dir,
        variables: { ...message.context.variables },
        headers: { ...message.headers },
        eml: `${base}.eml`,
        text: message.text,
        html: message.html,
      };
      try {
        const source = await message.mime();
        await mkdir(dir, { recursive: true });
        await writeFile(tmp(eml), source);
        await writeFile(tmp(json), `${JSON.stringify(record, null, 2)}\n`);
        signal.throwIfAborted();
        await rename(tmp(eml), eml);
        await rename(tmp(json), json);
      } catch (error) {
        await Promise.all([tmp(eml), tmp(json)].map((p) => rm(p, { force: true }).catch(() => {})));
        if (signal.aborted) throw error;
        const c = classifyNetworkError(error);
        throw sendFailure(
          'outbox',
          { code: 'TRANSPORT_FAILED', retryable: false, ...(c.detail ? { detail: c.detail } : {}) },
          `cannot write to ${dir}: ${(error as Error).message}`,
        );
      }
      return {
        messageId: message.messageId,
        accepted: [message.to.address],
        response: relative(cwd, eml) || eml,
      };
    },
  };
}
