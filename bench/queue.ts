/**
 * The send queue (BullMQ on a loopback redis-server with its append-only file
 * fsync'd at every write) against direct sending, both to one loopback SMTP
 * sink (bench/smtp.ts's, in its own process, greeting at once), pooled SMTP:
 *
 *   direct          mailer.send() from this process, `--concurrency` at a time
 *   enqueue         queue.send() from this process, `--concurrency` at a time (checks + one Redis job)
 *   1 / 2 workers   worker processes (each `--worker-concurrency`) already running; N jobs queued at
 *                   once; time from the first queue.send() to the last email at the sink
 *
 * Every email is counted at the sink by Message-ID: none may be lost or duplicated.
 *
 *   npx tsx bench/queue.ts [--messages 2000 --concurrency 16 --worker-concurrency 16 --rounds 3]
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundles } from '../src/build/build.ts';
import { loadConfig } from '../src/config/load.ts';
import { createBundle } from '../src/runtime/index.ts';
import { createMailer, createQueue, createQueueWorker, createSmtpTransport } from '../src/send/index.ts';

const FROM = 'Acme <no-reply@acme.example>';

async function bundle() {
  const { config } = await loadConfig();
  const output = await buildBundles({ templates: ['sign-in'], locales: ['en', 'de'], brand: config.brand });
  return createBundle(output.manifest, output.sources);
}

const smtpOptions = (port: number) => ({
  host: '127.0.0.1',
  port,
  pool: true,
  maxConnections: 5,
  maxMessages: Number.MAX_SAFE_INTEGER,
});

// ---------------------------------------------------------------- parent

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}/0`, child };
}

interface Sink {
  port: number;
  stats(): Promise<{ ids: string[] }>;
  stop(): void;
}

async function startSink(): Promise<Sink> {
  const child = fork(new URL('./smtp.ts', import.meta.url).pathname, ['--sink', '--greet-now'], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', resolve as never));
  return {
    port,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', resolve as never);
        child.send('stats');
      }),
    stop: () => child.send('exit'),
  };
}

async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

const email = (i: number) => ({
  template: 'sign-in',
  to: `user${i}@example.com`,
  locale: i % 2 ? 'de' : 'en',
  variables: { code: String(100000 + (i % 900000)), application: { id: 'app', name: 'Bench' } },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
      'worker-concurrency': { type: 'string', default: '16' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const total = Number(values.messages);
  const concurrency = Number(values.concurrency);
  const workerConcurrency = values['worker-concurrency'] as string;
  const rounds = Number(values.rounds);
  const dir = mkdtempSync(join(tmpdir(), 'authmail-bench-queue-'));
  const redis = await startRedis(dir);
  const sink = await startSink();
  const b = await bundle();
  const results: Record<string, number[]> = {};
  const record = (key: string, perSecond: number) => {
    results[key] = [...(results[key] ?? []), perSecond];
  };
  let clean = true;
  const check = (ids: string[], expected: string[]) => {
    const got = new Set(ids);
    const lost = expected.filter((id) => !got.has(id)).length;
    const duplicates = ids.length - got.size;
    if (lost || duplicates || ids.length !== expected.length) {
      clean = false;
      console.error(`lost ${lost}, duplicated ${duplicates}, received ${ids.length} of ${expected.length}`);
    }
  };
  let queueNumber = 0;

  try {
    for (let round = 1; round <= rounds; round++) {
      // Direct: the mailer in this process.
      const mailer = createMailer({ bundle: b, transport: createSmtpTransport(smtpOptions(sink.port)), from: FROM });
      await pool(50, concurrency, (i) => mailer.send(email(i))); // warm-up
      await sink.stats();
      let started = performance.now();
      const direct = await pool(total, concurrency, (i) => mailer.send(email(i)));
      record('direct send', total / ((performance.now() - started) / 1000));
      await mailer.close();
      check(
        (await sink.stats()).ids,
        direct.map((r) => r.messageId),
      );

      // Enqueue only (no worker).
      const name = `bench-${process.pid}-${++queueNumber}`;
      const queue = await createQueue({ redis: redis.url, name, bundle: b });
      started = performance.now();
      await pool(total, concurrency, (i) => queue.send(email(i)));
      record('enqueue (no worker)', total / ((performance.now() - started) / 1000));
      await queue.close();

      // Queue → 1 and 2 worker processes → the sink.
      for (const workers of [1, 2]) {
        const qname = `bench-${process.pid}-${++queueNumber}`;
        const children = await Promise.all(
          Array.from({ length: workers }, async () => {
            const child = fork(
              new URL(import.meta.url).pathname,
              ['--worker', redis.url, String(sink.port), qname, workerConcurrency],
              {
                execArgv: process.execArgv,
                stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
              },
            );
            await new Promise((resolve) => child.once('message', resolve));
            return child;
          }),
        );
        const q = await createQueue({ redis: redis.url, name: qname, bundle: b });
        await sink.stats();
        started = performance.now();
        const jobs = await pool(total, concurrency, (i) => q.send(email(i)));
        const ids: string[] = [];
        while (ids.length < total) {
          ids.push(...(await sink.stats()).ids);
          if (performance.now() - started > 300_000) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        record(
          `queue → ${workers} worker${workers > 1 ? 's' : ''} → sink`,
          total / ((performance.now() - started) / 1000),
        );
        check(
          ids,
          jobs.map((j) => `<${j.id}@acme.example>`),
        );
        await q.close();
        await Promise.all(
          children.map(
            (child) =>
              new Promise((resolve) => {
                child.once('exit', resolve);
                child.send('exit');
              }),
          ),
        );
      }
      console.error(`round ${round}/${rounds} done`);
    }
  } finally {
    sink.stop();
    redis.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `${total} emails per run, ${rounds} rounds, callers ${concurrency} at a time, workers ${workerConcurrency} jobs each; Redis AOF fsync always; msgs/s median (min–max):`,
  );
  for (const [key, xs] of Object.entries(results)) {
    console.log(
      `  ${key.padEnd(28)} ${median(xs).toFixed(0).padStart(6)}  (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`,
    );
  }
  console.log(clean ? 'every email delivered exactly once' : 'SOME EMAILS LOST OR DUPLICATED');
  process.exitCode = clean ? 0 : 1;
}

// ---------------------------------------------------------------- worker (child process)

async function workerMain() {
  const [redis, port, name, concurrency] = process.argv.slice(process.argv.indexOf('--worker') + 1);
  const mailer = createMailer({
    bundle: await bundle(),
    transport: createSmtpTransport(smtpOptions(Number(port))),
    from: FROM,
  });
  const worker = await createQueueWorker({
    redis: redis as string,
    name: name as string,
    concurrency: Number(concurrency),
    mailer,
  });
  process.send?.('ready');
  process.on('message', async (m) => {
    if (m !== 'exit') return;
    await worker.close();
    process.exit(0);
  });
}

// Last: every declaration above is initialized before either side runs.
if (process.argv.includes('--worker')) await workerMain();
else await main();
