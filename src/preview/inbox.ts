/**
 * The built-in local inbox: an SMTP sink on 127.0.0.1 (smtp-server) that
 * keeps the last messages in memory, parsed with mailparser, for the
 * preview's inbox view. Nothing it receives goes anywhere else.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
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
  // mailparser takes ~150 ms to import: only when the first message arrives.
  let parser: Promise<typeof import('mailparser')> | undefined;
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
        parser ??= import('mailparser');
        parser
          .then(({ simpleParser }) => simpleParser(raw, { skipImageLinks: true }))
          .then((mail) => {
            const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const message: InboxMessage = {
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              from: mail.from?.text ?? envelopeFrom,
              to: (Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : mail.to?.text) ?? '',
              subject: mail.subject ?? '',
              size: raw.length,
              envelope: { from: envelopeFrom, to: session.envelope.rcptTo.map((r) => r.address) },
              headers: mail.headerLines.map((h) => {
                const colon = h.line.indexOf(':');
                return [h.line.slice(0, colon), h.line.slice(colon + 1).trim()] as [string, string];
              }),
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : null,
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
