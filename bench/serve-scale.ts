/**
 * `authmail serve` as it runs in production, the real command: one process
 * with its rate limits in memory, against two workers (`--workers 2`) that
 * count in a real redis-server, on these cores. The same load for both:
 * Logto-shaped requests from concurrent keep-alive clients → the server →
 * an SMTP pool → the smtp-server sink (its own process). Limits are on and
 * high enough never to refuse, so every request pays for its Redis round
 * trip. Every acknowledged request must arrive exactly once.
 *
 *   npm run build && npx tsx bench/serve-scale.ts [--requests 3000] [--concurrency 50] [--rounds 3]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { table } from '../src/build/report.ts';
import { testBrand } from '../tests/fixtures/brand.ts';
import { freePort, startRedis } from '../tests/fixtures/redis.ts';
import { load, percentile, reconcile, startSink, TOKEN } from './serve-load.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const ROOT = resolve(import.meta.dirname, '..');

const tmp = mkdtempSync(join(tmpdir(), 'authmail-bench-scale-'));
const idsFile = join(tmp, 'ids');
const sink = await startSink(idsFile);
const redis = await startRedis();
const children = new Set<ChildProcess>([sink.child]);
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  void redis.stop();
});

/** `authmail serve` in a project whose config is `serve`; resolves once every process listens. */
async function serve(name: string, rateLimit: Record<string, unknown>, workers: number) {
  const dir = join(tmp, name);
  const port = await freePort();
  const config = {
    brand: testBrand,
    send: {
      transport: 'smtp',
      delivery: { maxAttempts: 3, backoff: { initial: 200, max: 1_000 } },
      transports: { smtp: { host: '127.0.0.1', port: sink.port, pool: true, maxConnections: 10 } },
    },
    serve: {
      authorization: TOKEN,
      maxInFlight: 4096,
      logLevel: 'warn',
      rateLimit: { recipient: { limit: 1000, window: 60_000 }, ip: { limit: 100_000, window: 60_000 }, ...rateLimit },
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'authmail.config.json'), JSON.stringify(config));
  const args = ['serve', '--port', String(port), '--bundle', join(ROOT, 'dist')];
  if (workers > 1) args.push('--workers', String(workers));
  const child = spawn(process.execPath, [join(ROOT, 'bin/authmail.mjs'), ...args], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  // logLevel warn: "listening" is info; wait for the port instead.
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`serve exited:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (workers > 1) await new Promise((r) => setTimeout(r, 2_000)); // every worker up
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      children.delete(child);
    },
  };
}

const setups = [
  { name: '1 process, limits in memory', rateLimit: {}, workers: 1 },
  { name: '2 workers, limits in Redis', rateLimit: { redis: redis.url }, workers: 2 },
];
const rows: string[][] = [];
let exact = true;
for (const setup of setups) {
  const server = await serve(setup.name.replace(/\W+/g, '-'), setup.rateLimit, setup.workers);
  // Warm-up (module loading, pool connections), not counted.
  await load(server.url, 200, CONCURRENCY);
  const perSecond: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  let acked = 0;
  let lost = 0;
  let duplicates = 0;
  let refused = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const from = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean).length;
    const { answers, seconds } = await load(server.url, REQUESTS, CONCURRENCY);
    await new Promise((r) => setTimeout(r, 200));
    const r = reconcile(answers, idsFile, from);
    const ms = answers.map((a) => a.ms);
    perSecond.push(REQUESTS / seconds);
    p50.push(percentile(ms, 50));
    p99.push(percentile(ms, 99));
    acked += r.acked;
    lost += r.lost;
    duplicates += r.duplicates;
    refused += r.refused;
    console.error(
      `${setup.name}, round ${round + 1}: ${(REQUESTS / seconds).toFixed(0)} req/s, p99 ${percentile(ms, 99).toFixed(1)} ms, load ${loadavg()[0]?.toFixed(2)}`,
    );
  }
  await server.stop();
  exact &&= lost === 0 && duplicates === 0 && refused === 0;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  rows.push([
    setup.name,
    median(perSecond).toFixed(0),
    perSecond.map((x) => x.toFixed(0)).join(', '),
    median(p50).toFixed(1),
    median(p99).toFixed(1),
    p99.map((x) => x.toFixed(1)).join(', '),
    String(acked),
    String(lost),
    String(duplicates),
    String(refused),
  ]);
}
console.log(
  `authmail serve (the command): ${CONCURRENCY} clients → serve → SMTP pool of 10 → smtp-server sink, on ${cpus().length} cores, loopback; ${ROUNDS} rounds of ${REQUESTS} requests (medians, then each round)`,
);
console.log(
  table([
    [
      'setup',
      'req/s',
      'req/s (rounds)',
      'p50 ms',
      'p99 ms',
      'p99 ms (rounds)',
      'acknowledged',
      'lost',
      'duplicates',
      'refused',
    ],
    ...rows,
  ]),
);
console.log(
  exact ? 'every acknowledged request received exactly once' : 'FAILED: lost, duplicated or refused requests',
);
sink.child.kill('SIGKILL');
await redis.stop();
rmSync(tmp, { recursive: true, force: true });
process.exitCode = exact ? 0 : 1;
