/**
 * The built-in local inbox: an SMTP sink on 127.0.0.1 (smtp-server) that
 * keeps the last messages in memory, parsed with postal-mime, for the
 * preview's inbox view. Nothing it receives goes anywhere else.
 *
 * postal-mime rather than mailparser (which the tests use as an independent
 * parser): by the same author, without dependencies, it costs the server
 * 5 MB and 16 ms to load where mailparser costs 24 MB and ~110 ms.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Address } from 'postal-mime';
import type { InboxMessage, InboxSummary } from './protocol.ts';

const MAX_MESSAGES = 50;
const MAX_BYTES = 10 * 1024 * 1024;

export interface Inbox {
  readonly host: string;
  readonly port: number;
  list(): InboxSummary[];
  get(id: string): InboxMessage | undefined;
  clear(): void;
  /** `message` (InboxSummary) after each delivery. */
  readonly events: EventEmitter;
  close(): Promise<void>;
}

/** `Name <address>` (the name quoted when it holds a comma or another special), or the address alone. */
const shown = (a: Address): string => {
  if (a.group) return a.group.map(shown).join(', ');
  const name = /[(),.:;<>@[\]"\\]/.test(a.name) ? JSON.stringify(a.name) : a.name;
  return a.name ? `${name} <${a.address}>` : (a.address ?? '');
};

const summary = ({ id, receivedAt, from, to, subject, size }: InboxMessage): InboxSummary => ({
  id,
  receivedAt,
  from,
  to,
  subject,
  size,
});

export async function startInbox(options: { host?: string; port?: number } = {}): Promise<Inbox> {
  const host = options.host ?? '127.0.0.1';
  const { SMTPServer } = await import('smtp-server');
  // Loaded when the first message arrives.
  let parser: Promise<typeof import('postal-mime')> | undefined;
  const messages: InboxMessage[] = [];
  const events = new EventEmitter();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'authmail preview inbox',
    size: MAX_BYTES,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (size > MAX_BYTES) return callback(new Error('Message too large for the preview inbox'));
        const raw = Buffer.concat(chunks);
        parser ??= import('postal-mime');
        parser
          .then(({ default: PostalMime }) => PostalMime.parse(raw))
          .then((mail) => {
            const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const message: InboxMessage = {
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              from: mail.from ? shown(mail.from) : envelopeFrom,
              to: (mail.to ?? []).map(shown).join(', '),
              subject: mail.subject ?? '',
              size: raw.length,
              envelope: { from: envelopeFrom, to: session.envelope.rcptTo.map((r) => r.address) },
              headers: mail.headerLines.map((h) => {
                const colon = h.line.indexOf(':');
                return [h.line.slice(0, colon), h.line.slice(colon + 1).trim()] as [string, string];
              }),
              text: mail.text ?? '',
              html: mail.html ?? null,
            };
            messages.unshift(message);
            messages.length = Math.min(messages.length, MAX_MESSAGES);
            events.emit('message', summary(message));
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    host,
    port,
    list: () => messages.map(summary),
    get: (id) => messages.find((m) => m.id === id),
    clear() {
      messages.length = 0;
      events.emit('message', null);
    },
    events,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
