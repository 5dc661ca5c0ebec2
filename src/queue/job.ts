/**
 * What a queued email is in Redis: the send as the caller gave it (checked
 * before it was queued), when it stops being worth delivering, and when it
 * was queued. The job's id is a UUID, and the email's Message-ID is made
 * from it (`<id@sender-domain>`): every delivery of one job carries the same
 * Message-ID, so a redelivery after a crash is recognisable (and mail
 * clients thread or drop it as the same message).
 */
import { z } from 'zod';
import type { SendInput } from '../mail/mailer.ts';

/** The send a job holds: `SendInput` without what cannot cross a process (signal). */
export type QueuedSend = Pick<SendInput, 'template' | 'to' | 'locale' | 'variables' | 'headers' | 'ip' | 'hosted'>;

export interface QueuedEmail {
  /** Format of this record. */
  readonly v: 1;
  readonly send: QueuedSend;
  /** Epoch ms after which the email is dropped, never delivered. */
  readonly notAfter: number;
  readonly queuedAt: number;
}

const mailbox = z.union([z.string(), z.object({ name: z.string().optional(), address: z.string() })]);

/** A job's data as a worker reads it: a record it cannot read fails for good, naming why. */
export const queuedEmailSchema = z.object({
  v: z.literal(1),
  send: z.object({
    template: z.string(),
    to: mailbox,
    locale: z.string().optional(),
    variables: z.record(z.string(), z.unknown()).optional(),
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    ip: z.string().optional(),
    hosted: z.boolean().optional(),
  }),
  notAfter: z.number(),
  queuedAt: z.number(),
});

/** The Message-ID of every delivery of job `id` from `from`. */
export function jobMessageId(id: string, fromAddress: string): string {
  return `<${id}@${fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase()}>`;
}

/** Job ids are UUIDs: BullMQ refuses numeric ids of its own, and a UUID is a Message-ID's unique part. */
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
