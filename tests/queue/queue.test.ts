/**
 * The send queue in one process, against a real redis-server and a loopback
 * SMTP sink: queue → worker → the sink; one Message-ID per job; an
 * idempotency key sent twice is one email; a job past notAfter is dropped and
 * counted, never delivered; transient failures are retried, permanent ones
 * kept with their reason; bad input is refused before anything is queued;
 * Redis failures are named.
 */
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AddressError, VariableError } from '../../src/core/errors.ts';
import { RedisError } from '../../src/core/redis.ts';
import {
  createMailer,
  createQueue,
  createQueueWorker,
  createSmtpTransport,
  type EmailQueue,
  type QueueWorker,
} from '../../src/send/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { freePort, type RedisServer, startRedis } from '../fixtures/redis.ts';
import { fastRetries } from '../fixtures/send.ts';
import { serveBundle } from '../fixtures/serve.ts';
import { type SinkOptions, type SmtpSink, smtpError, startSmtp, testCertificate } from '../fixtures/smtp.ts';

let redis: RedisServer;
const open: { close(): Promise<unknown> }[] = [];
let n = 0;

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});
afterAll(async () => {
  await redis?.stop();
});

/** A fresh queue name per test: tests do not see each other's jobs. */
const fresh = () => ({ redis: redis.url, name: `t${process.pid}-${++n}`, retry: { initial: 100, max: 300 } });

async function sink(options: SinkOptions = {}) {
  const s = await startSmtp(options);
  open.push(s);
  return s;
}

async function queueFor(section: ReturnType<typeof fresh>, extra: Record<string, unknown> = {}) {
  const q = await createQueue({ ...section, bundle: (await serveBundle()).bundle, ...extra });
  open.push(q);
  return q;
}

async function workerFor(section: ReturnType<typeof fresh>, smtp: SmtpSink, extra: Record<string, unknown> = {}) {
  const mailer = createMailer({
    bundle: (await serveBundle()).bundle,
    transport: createSmtpTransport({ host: smtp.host, port: smtp.port, secure: false, starttls: 'disabled' }),
    from: { name: testBrand.senderName, address: 'no-reply@queue.example' },
    delivery: fastRetries,
  });
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const w = await createQueueWorker({
    ...section,
    mailer,
    log: (level, event, fields) => lines.push({ level, event, fields }),
    ...extra,
  });
  open.push(w);
  return Object.assign(w, { lines });
}

const signIn = (to: string, code = '482915') => ({
  template: 'sign-in',
  to,
  locale: 'en',
  variables: { code, application: { id: 'app_queue', name: 'Queue Test' } },
});

const settle = async (q: EmailQueue, done: (s: Awaited<ReturnType<EmailQueue['stats']>>) => boolean) => {
  await expect.poll(async () => done(await q.stats()), { timeout: 20_000, interval: 50 }).toBe(true);
  return q.stats();
};

describe('the send queue', () => {
  it('delivers a queued email through the worker, with the job id as its Message-ID', async () => {
    const section = fresh();
    const smtp = await sink();
    const q = await queueFor(section);
    const queued = await q.send(signIn('ada@example.com'));
    expect(queued).toMatchObject({ duplicate: false });
    expect(queued.id).toMatch(/^[0-9a-f-]{36}$/);
    // A code email waits at most its code's lifetime (the template's default: 10 minutes).
    expect(queued.notAfter - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(queued.notAfter - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect((await q.stats()).waiting).toBe(1);

    const w: QueueWorker & { lines: unknown[] } = await workerFor(section, smtp);
    await expect.poll(() => smtp.messages.length, { timeout: 20_000 }).toBe(1);
    const mail = smtp.messages[0]?.parsed;
    expect(mail?.messageId).toBe(`<${queued.id}@queue.example>`);
    expect(mail?.text).toContain('482915');
    const stats = await settle(q, (s) => s.outcomes.delivered === 1);
    expect(stats).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    expect(w.lines).toContainEqual(
      expect.objectContaining({
        event: 'queue-delivered',
        fields: expect.objectContaining({ to: 'a***@example.com' }),
      }),
    );
  }, 60_000);

  it('gives one job and one email for an idempotency key sent twice', async () => {
    const section = fresh();
    const smtp = await sink();
    const q = await queueFor(section);
    const first = await q.send(signIn('twice@example.com'), { idempotencyKey: 'request-1' });
    const again = await q.send(signIn('twice@example.com'), { idempotencyKey: 'request-1' });
    const other = await q.send(signIn('twice@example.com', '111222'), { idempotencyKey: 'request-2' });
    expect(again).toEqual({ id: first.id, duplicate: true, notAfter: first.notAfter });
    expect(other.id).not.toBe(first.id);
    await workerFor(section, smtp);
    await settle(q, (s) => s.outcomes.delivered === 2);
    expect(smtp.messages.map((m) => m.parsed.messageId).sort()).toEqual(
      [`<${first.id}@queue.example>`, `<${other.id}@queue.example>`].sort(),
    );
    // After delivery, the key still names the first job within its window.
    expect((await q.send(signIn('twice@example.com'), { idempotencyKey: 'request-1' })).id).toBe(first.id);
  }, 60_000);

  it('drops a job past notAfter and counts it, never delivering it late', async () => {
    const section = fresh();
    const smtp = await sink();
    const q = await queueFor(section);
    const late = await q.send(signIn('late@example.com'), { notAfter: Date.now() + 300 });
    await q.send(signIn('ontime@example.com'));
    await new Promise((r) => setTimeout(r, 500));
    const w = await workerFor(section, smtp);
    const stats = await settle(q, (s) => s.outcomes.expired === 1 && s.outcomes.delivered === 1);
    expect(stats.failed).toBe(1);
    expect(smtp.messages.map((m) => m.to)).toEqual([['ontime@example.com']]);
    const [failure] = await q.failures();
    expect(failure).toMatchObject({ id: late.id, template: 'sign-in', to: 'l***@example.com' });
    expect(failure?.reason).toMatch(/^EXPIRED: not delivered by \d{4}-/);
    expect(w.lines.filter((l) => l.event === 'queue-expired')).toHaveLength(1);
  }, 60_000);

  it('retries a transient refusal and keeps a permanent one with its reason', async () => {
    const section = fresh();
    // The first MAIL FROM of each email: 451 (try later) for "flaky", 550 for "gone".
    const smtp = await sink({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('gone')) return callback(smtpError(550, 'No such user here'));
        callback();
      },
      mailFromReply: (i) => (i <= 3 ? [451, 'Try again later'] : undefined),
    });
    const q = await queueFor(section);
    await q.send(signIn('flaky@example.com'));
    const w = await workerFor(section, smtp);
    await settle(q, (s) => s.outcomes.delivered === 1);
    expect((await q.stats()).outcomes.retried).toBeGreaterThanOrEqual(1);

    const gone = await q.send(signIn('gone@example.com'));
    const stats = await settle(q, (s) => s.outcomes.failed === 1);
    expect(stats.outcomes.delivered).toBe(1);
    const [failure] = await q.failures();
    expect(failure).toMatchObject({ id: gone.id, attempts: 1 });
    expect(failure?.reason).toMatch(/^REJECTED: .*550/);
    // Nothing of the refused email reached the sink.
    expect(smtp.messages.map((m) => m.to)).toEqual([['flaky@example.com']]);
    expect(w.lines.filter((l) => l.event === 'queue-failed')).toHaveLength(1);
  }, 60_000);

  it('refuses bad input before anything is queued, naming the problem', async () => {
    const q = await queueFor(fresh());
    await expect(q.send({ ...signIn('ada@example.com'), variables: {} })).rejects.toThrow(VariableError);
    await expect(q.send({ ...signIn('ada@example.com'), variables: {} })).rejects.toThrow(/variable "code"/);
    await expect(q.send(signIn('not an address'))).rejects.toThrow(AddressError);
    await expect(q.send({ ...signIn('ada@example.com'), template: 'nope' })).rejects.toThrow(/Unknown template "nope"/);
    await expect(q.send(signIn('ada@example.com'), { notAfter: Date.now() - 1 })).rejects.toThrow(
      /notAfter must be a time in the future/,
    );
    await expect(q.send(signIn('ada@example.com'), { idempotencyKey: '' })).rejects.toThrow(
      /idempotencyKey must be a string of 1–256 characters/,
    );
    expect(await q.stats()).toMatchObject({ waiting: 0, delayed: 0, failed: 0 });
  }, 30_000);

  it('names bad options as the config does', async () => {
    await expect(createQueue({ redis: 'http://127.0.0.1:1' })).rejects.toThrow(
      /redis: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    await expect(createQueue({ redis: redis.url, name: 'a b' })).rejects.toThrow(/name: must be 1–64 letters/);
  });
});

describe('Redis failures, named', () => {
  it('a refused password: WRONGPASS, without the password', async () => {
    const password = 'queue-secret-password-42';
    const locked = await startRedis({ password });
    try {
      const wrong = locked.url.replace(encodeURIComponent(password), 'not-it');
      const error = await createQueue({ redis: wrong }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisError);
      expect((error as RedisError).failure).toBe('auth');
      expect((error as Error).message).toBe(
        `Redis at redis://127.0.0.1:${locked.port}/0 refused the user name or password in the URL (WRONGPASS)`,
      );
      const none = await createQueue({ redis: `redis://127.0.0.1:${locked.port}/0` }).catch((e: unknown) => e);
      expect((none as Error).message).toMatch(/requires a password and the URL has none \(NOAUTH\)/);
      const ok = await createQueue({ redis: locked.url });
      await ok.close();
    } finally {
      await locked.stop();
    }
  }, 30_000);

  it('nothing listening: refused, named with the address', async () => {
    const port = await freePort();
    const error = await createQueue({ redis: `redis://127.0.0.1:${port}`, connectTimeout: 300 }).catch(
      (e: unknown) => e,
    );
    expect((error as RedisError).failure).toBe('unreachable');
    expect((error as Error).message).toBe(
      `Redis at redis://127.0.0.1:${port} refused the connection (is it running there?)`,
    );
  });

  it('a certificate the client does not trust: a TLS failure', async () => {
    const { key, cert } = await testCertificate();
    const server = createTlsServer({ key, cert }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    try {
      const error = await createQueue({ redis: `rediss://127.0.0.1:${port}` }).catch((e: unknown) => e);
      expect((error as RedisError).failure).toBe('tls');
      expect((error as Error).message).toMatch(
        new RegExp(`^TLS to Redis at rediss://127\\.0\\.0\\.1:${port} failed: `),
      );
    } finally {
      server.close();
    }
  });
});
