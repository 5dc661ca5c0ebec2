/**
 * `authmail worker` as a process, against a real redis-server (append-only
 * file, fsync'd at every write) and a loopback SMTP sink: a worker killed
 * mid-run loses nothing (another takes its jobs; a redelivery carries the
 * same Message-ID); Redis killed and restarted loses nothing; `serve.queue`
 * answers once the job is queued and the worker delivers it; a worker that
 * cannot start exits 1 with one line naming why.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, type EmailQueue } from '../../src/send/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { freePort, type RedisServer, startRedis } from '../fixtures/redis.ts';
import { call, serveBundle, TOKEN } from '../fixtures/serve.ts';
import { type SmtpSink, startSmtp } from '../fixtures/smtp.ts';

let redis: RedisServer;
let smtp: SmtpSink;
let dir: string;
let bundleDir: string;
const children: ChildProcess[] = [];
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'authmail-worker-'));
  redis = await startRedis({ aof: dir });
  smtp = await startSmtp();
  bundleDir = join(dir, 'dist');
  await (await serveBundle()).write(bundleDir);
}, 60_000);
afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
  smtp.messages.length = 0;
  await redis.start();
});
afterAll(async () => {
  await smtp?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

function stop(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  return exited;
}

async function project(queue: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const cwd = await mkdtemp(join(dir, 'p-'));
  const config = {
    brand: testBrand,
    send: {
      transport: 'smtp',
      from: 'Queue <no-reply@queue.example>',
      transports: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: 'disabled' } },
      delivery: { attemptTimeout: 5_000, deadline: 10_000, maxAttempts: 2 },
      queue: { redis: redis.url, name: `w${++n}`, lockDuration: 1_500, retry: { initial: 100, max: 500 }, ...queue },
    },
    ...extra,
  };
  await writeFile(join(cwd, 'authmail.config.json'), JSON.stringify(config));
  return { cwd, name: config.send.queue.name as string };
}

interface Run {
  child: ChildProcess;
  out(): string;
  err(): string;
  exited: Promise<number | null>;
}

function run(cwd: string, args: string[]): Run {
  const child = spawn(process.execPath, [resolve('bin/authmail.mjs'), ...args], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  return {
    child,
    out: () => out,
    err: () => err,
    exited: new Promise((done) => child.once('exit', (code) => done(code))),
  };
}

async function startWorker(cwd: string, concurrency = 4): Promise<Run> {
  const w = run(cwd, ['worker', '--bundle', bundleDir, '--concurrency', String(concurrency)]);
  await expect
    .poll(() => w.out().includes('"event":"queue-worker"') || w.child.exitCode !== null, { timeout: 30_000 })
    .toBe(true);
  expect(w.child.exitCode, w.err()).toBeNull();
  return w;
}

const signIn = (i: number) => ({
  template: 'sign-in',
  to: `user${i}@example.com`,
  locale: 'en',
  variables: { code: String(100000 + i), application: { id: 'app_q', name: 'Queue' } },
});

async function producer(name: string): Promise<EmailQueue> {
  return createQueue({ redis: redis.url, name, bundle: (await serveBundle()).bundle });
}

/** Every queued job's Message-ID, and how often each reached the sink. */
function deliveries(ids: readonly string[]) {
  const seen = new Map<string, number>();
  for (const m of smtp.messages) {
    const id = m.parsed.messageId ?? '';
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const expected = ids.map((id) => `<${id}@queue.example>`);
  return {
    missing: expected.filter((id) => !seen.has(id)),
    duplicated: [...seen].filter(([, count]) => count > 1),
    unknown: [...seen.keys()].filter((id) => !expected.includes(id)),
  };
}

describe('authmail worker', () => {
  it('loses nothing when a worker is killed mid-run: another takes its jobs, a redelivery keeps its Message-ID', async () => {
    const { cwd, name } = await project({});
    const q = await producer(name);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 1_000; i++) ids.push((await q.send(signIn(i))).id);
      const concurrency = 8;
      const first = await startWorker(cwd, concurrency);
      await expect.poll(() => smtp.messages.length, { timeout: 60_000, interval: 20 }).toBeGreaterThan(200);
      first.child.kill('SIGKILL');
      await first.exited;
      const atKill = smtp.messages.length;
      expect(atKill).toBeLessThan(1_000);
      await startWorker(cwd, concurrency);
      await expect
        .poll(async () => (await q.stats()).outcomes.delivered, { timeout: 120_000, interval: 100 })
        .toBeGreaterThanOrEqual(1_000 - concurrency);
      await expect.poll(() => deliveries(ids).missing.length, { timeout: 60_000, interval: 100 }).toBe(0);
      const { duplicated, unknown } = deliveries(ids);
      expect(unknown).toEqual([]);
      // At worst, the jobs the killed worker held were delivered twice, each time with one Message-ID.
      expect(duplicated.length).toBeLessThanOrEqual(concurrency);
      for (const [, count] of duplicated) expect(count).toBe(2);
      expect(smtp.messages.length).toBe(1_000 + duplicated.length);
    } finally {
      await q.close();
    }
  }, 240_000);

  it('loses nothing when Redis is killed and restarted (append-only file)', async () => {
    const { cwd, name } = await project({});
    const q = await producer(name);
    const ids: string[] = [];
    try {
      for (let i = 0; i < 300; i++) ids.push((await q.send(signIn(i))).id);
    } finally {
      await q.close();
    }
    // Killed with no chance to save: only the append-only file brings the jobs back.
    await redis.stop();
    await redis.start();
    const w = await startWorker(cwd);
    await expect.poll(() => deliveries(ids).missing.length, { timeout: 60_000, interval: 100 }).toBe(0);
    expect(deliveries(ids).duplicated).toEqual([]);

    // And while a worker runs: the outage is named once, then it goes on.
    const again = await producer(name);
    const more: string[] = [];
    try {
      for (let i = 0; i < 100; i++) more.push((await again.send(signIn(1_000 + i))).id);
    } finally {
      await again.close();
    }
    await redis.stop();
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();
    await expect.poll(() => deliveries(more).missing.length, { timeout: 60_000, interval: 100 }).toBe(0);
    const outage = w
      .out()
      .split('\n')
      .filter((l) => l.includes('"event":"queue-redis"'));
    expect(outage[0]).toMatch(/"status":"unavailable","reason":"Redis at redis:\/\/127\.0\.0\.1:\d+\/0 /);
  }, 120_000);

  it('stops on SIGTERM after the jobs in progress, exit 0', async () => {
    const { cwd } = await project({});
    const w = await startWorker(cwd);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.out()).toContain('"event":"queue-worker-stopped"');
  }, 60_000);

  it.each([
    [
      'without send.queue',
      { queue: undefined },
      /^authmail worker: Invalid config \(authmail\.config\):\n {2}- send\.queue: is not configured/,
    ],
    [
      'with a refused password',
      { queue: 'wrong' },
      /^authmail worker: Redis at redis:\/\/127\.0\.0\.1:\d+\/0 refused the user name or password/,
    ],
  ])(
    'cannot start %s: exit 1, one line naming why',
    async (_what, change, message) => {
      const locked = change.queue === 'wrong' ? await startRedis({ password: 'the-right-password-123' }) : undefined;
      try {
        const { cwd } = await project({});
        const config = JSON.parse(
          await import('node:fs').then((fs) => fs.readFileSync(join(cwd, 'authmail.config.json'), 'utf8')),
        );
        if (change.queue === undefined) delete config.send.queue;
        else config.send.queue.redis = `redis://:not-it@127.0.0.1:${locked?.port}/0`;
        await writeFile(join(cwd, 'authmail.config.json'), JSON.stringify(config));
        const w = run(cwd, ['worker', '--bundle', bundleDir]);
        expect(await w.exited).toBe(1);
        expect(w.err()).toMatch(message);
        expect(w.err()).not.toMatch(/\n\s+at /);
        expect(w.err()).not.toContain('not-it');
      } finally {
        await locked?.stop();
      }
    },
    60_000,
  );

  it('cannot start without a bundle: exit 1, one line', async () => {
    const { cwd } = await project({});
    const w = run(cwd, ['worker', '--bundle', join(dir, 'nothing-here')]);
    expect(await w.exited).toBe(1);
    expect(w.err()).toMatch(/^authmail worker: No bundle at .*nothing-here/);
  }, 60_000);
});

describe('serve.queue', () => {
  it('answers 200 once the email is queued, and the worker delivers it; /metrics shows the queue', async () => {
    const port = await freePort();
    const { cwd } = await project({}, { serve: { authorization: TOKEN, queue: true, metrics: true, port } });
    const serve = run(cwd, ['serve', '--bundle', bundleDir]);
    await expect.poll(() => serve.out().includes('"event":"listening"'), { timeout: 30_000 }).toBe(true);
    const url = `http://127.0.0.1:${port}`;
    const request = { to: 'queued@example.com', type: 'SignIn', payload: { code: '654321', locale: 'en' } };
    const reply = await call(url, request, { headers: { 'idempotency-key': 'logto-request-1' } });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ ok: true, queued: true, duplicate: false, template: 'sign-in', locale: 'en' });
    const again = await call(url, request, { headers: { 'idempotency-key': 'logto-request-1' } });
    expect(again.json).toMatchObject({ jobId: reply.json.jobId, duplicate: true });
    // A bad request is refused before anything is queued.
    const bad = await call(url, { ...request, payload: { locale: 'en' } });
    expect(bad.status).toBe(400);

    const metrics = async () =>
      (await fetch(`${url}/metrics`, { headers: { authorization: TOKEN } }).then((r) => r.text())).split('\n');
    expect(await metrics()).toContain('authmail_queue_jobs{state="waiting"} 1');

    await startWorker(cwd);
    await expect.poll(() => smtp.messages.length, { timeout: 30_000 }).toBe(1);
    expect(smtp.messages[0]?.parsed.messageId).toBe(`<${reply.json.jobId}@queue.example>`);
    expect(smtp.messages[0]?.parsed.text).toContain('654321');
    await expect.poll(metrics, { timeout: 10_000 }).toContain('authmail_queue_outcomes{outcome="delivered"} 1');
    // The outcome is counted as the job completes; the queue's own counts follow it a moment later.
    await expect.poll(metrics, { timeout: 10_000 }).toContain('authmail_queue_oldest_job_age_seconds 0');
    expect(await metrics()).toContain('authmail_queue_jobs{state="waiting"} 0');
  }, 60_000);

  it('refuses a config with serve.queue and no send.queue, naming both', async () => {
    const { cwd } = await project({}, { serve: { authorization: TOKEN, queue: true } });
    const config = JSON.parse(
      await import('node:fs').then((fs) => fs.readFileSync(join(cwd, 'authmail.config.json'), 'utf8')),
    );
    delete config.send.queue;
    await writeFile(join(cwd, 'authmail.config.json'), JSON.stringify(config));
    const serve = run(cwd, ['serve', '--bundle', bundleDir]);
    expect(await serve.exited).toBe(1);
    expect(serve.err()).toMatch(/serve\.queue: is on, so send\.queue must say where the queue is/);
  }, 60_000);
});
