/**
 * `authmail serve` beyond one process, against a real redis-server on
 * loopback: two server processes count one inbox's limit together (the
 * sixth request is 429 whichever gets it); Redis stopped mid-run gives 503
 * (`deny`) or sends uncounted (`allow`), logged once per outage, and both
 * recover by themselves; Redis holds no address in clear; `--workers 2`
 * shares one port and shuts down gracefully; `/metrics` parses as
 * Prometheus's text format and sums the workers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testBrand } from '../fixtures/brand.ts';
import { freePort, type RedisServer, startRedis } from '../fixtures/redis.ts';
import { call, serveBundle, TOKEN } from '../fixtures/serve.ts';

let redis: RedisServer;
let dir: string;
let bundleDir: string;
const running: ServeProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'authmail-serve-redis-'));
  bundleDir = join(dir, 'dist');
  await (await serveBundle()).write(bundleDir);
}, 60_000);
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  await redis.start().catch(() => undefined);
});
afterAll(async () => {
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface ServeProcess {
  url: string;
  lines(): Record<string, unknown>[];
  stop(): Promise<number | null>;
}

async function project(serve: Record<string, unknown>) {
  const cwd = await mkdtemp(join(dir, 'p-'));
  const config = {
    brand: testBrand,
    send: { transport: 'outbox', transports: { outbox: { dir: 'outbox' } } },
    serve: { authorization: TOKEN, logLevel: 'info', ...serve },
  };
  await writeFile(join(cwd, 'authmail.config.json'), JSON.stringify(config));
  return cwd;
}

async function startServe(cwd: string, args: string[] = []): Promise<ServeProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve('bin/authmail.mjs'), 'serve', '--port', String(port), '--bundle', bundleDir, ...args],
    { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const started = Date.now();
  while (!out.includes('"event":"listening"')) {
    if (Date.now() - started > 60_000 || child.exitCode !== null) throw new Error(`no listening line:\n${out}${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const p: ServeProcess = {
    url: `http://127.0.0.1:${port}`,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  running.push(p);
  return p;
}

const LIMIT = { limit: 5, window: 60_000 };
const codeRequest = (to: string) => ({ to, type: 'SignIn', payload: { code: '482915', locale: 'en' } });

describe('shared rate limits in Redis', () => {
  it('hold across two instances: the sixth request for one inbox is 429 whichever gets it', async () => {
    const cwd = await project({ rateLimit: { recipient: LIMIT, ip: false, redis: redis.url } });
    const [a, b] = await Promise.all([startServe(cwd), startServe(cwd)]);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // Spellings of one inbox: case, +tags.
      const to = i % 2 ? `Shared+${i}@Example.com` : 'shared@example.com';
      statuses.push((await call(((i % 2 ? b : a) as ServeProcess).url, codeRequest(to))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await call((b as ServeProcess).url, codeRequest('shared@example.com'));
    expect(refused.json).toMatchObject({ error: { code: 'RATE_LIMITED', limit: 'recipient' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Redis holds hashes, never the address.
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => /^\{authmail:rl\}:recipient:[0-9a-f]{64}$/.test(k))).toBe(true);
      for (const k of keys) expect(await client.get(k)).not.toMatch(/@/);
    } finally {
      client.disconnect();
    }
  }, 120_000);

  it('deny (default): 503 while Redis is down, logged once, and recovers by itself', async () => {
    const cwd = await project({ rateLimit: { recipient: LIMIT, ip: false, redis: redis.url } });
    const s = await startServe(cwd);
    expect((await call(s.url, codeRequest('deny-1@example.com'))).status).toBe(200);
    await redis.stop();
    for (let i = 0; i < 3; i++) {
      const r = await call(s.url, codeRequest(`deny-${i}@example.com`));
      expect(r.status).toBe(503);
      expect(r.json).toMatchObject({ error: { code: 'RATE_LIMIT_UNAVAILABLE' } });
    }
    const health = await fetch(`${s.url}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', rateLimitStore: { store: 'redis', status: 'unavailable' } });
    const outages = s.lines().filter((l) => l.event === 'rate-limit-store');
    expect(outages).toEqual([expect.objectContaining({ status: 'unavailable', onStoreError: 'deny' })]);

    await redis.start();
    await expect
      .poll(async () => (await call(s.url, codeRequest('deny-back@example.com'))).status, { timeout: 15_000 })
      .toBe(200);
    expect(
      s
        .lines()
        .filter((l) => l.event === 'rate-limit-store')
        .map((l) => l.status),
    ).toEqual(['unavailable', 'recovered']);
    expect(await fetch(`${s.url}/healthz`).then((r) => r.json())).toMatchObject({
      rateLimitStore: { status: 'ok' },
    });
  }, 120_000);

  it('allow: sends without counting while Redis is down', async () => {
    const cwd = await project({ rateLimit: { recipient: LIMIT, ip: false, redis: redis.url, onStoreError: 'allow' } });
    const s = await startServe(cwd);
    await redis.stop();
    for (let i = 0; i < 7; i++) expect((await call(s.url, codeRequest('allow@example.com'))).status).toBe(200);
    expect(s.lines().filter((l) => l.event === 'rate-limit-store')).toHaveLength(1);
  }, 120_000);

  it('a password in the URL works and never shows in a log; a wrong one is an outage named WRONGPASS, not a crash', async () => {
    const password = 'redis-pass-0123456789/+=';
    const locked = await startRedis({ password });
    try {
      const cwd = await project({ rateLimit: { recipient: LIMIT, ip: false, redis: locked.url } });
      const s = await startServe(cwd);
      expect((await call(s.url, codeRequest('pw@example.com'))).status).toBe(200);
      const wrong = await project({
        rateLimit: { recipient: LIMIT, ip: false, redis: locked.url.replace(encodeURIComponent(password), 'nope') },
      });
      const w = await startServe(wrong);
      expect((await call(w.url, codeRequest('pw@example.com'))).status).toBe(503);
      const logs = JSON.stringify([...s.lines(), ...w.lines()]);
      // Named at start, once: the cause, where, and never the password.
      const outages = w.lines().filter((l) => l.event === 'rate-limit-store');
      expect(outages).toEqual([
        expect.objectContaining({
          status: 'unavailable',
          reason: `Redis at redis://127.0.0.1:${locked.port}/0 refused the user name or password in the URL (WRONGPASS)`,
        }),
      ]);
      expect((await call(w.url, codeRequest('pw@example.com'))).status).toBe(503);
      expect(w.lines().filter((l) => l.event === 'rate-limit-store')).toHaveLength(1);
      expect(logs).not.toContain(password);
      expect(logs).not.toContain(encodeURIComponent(password));
    } finally {
      await locked.stop();
    }
  }, 120_000);

  it('names a bad URL in the config', async () => {
    const cwd = await project({ rateLimit: { redis: 'http://127.0.0.1:6379' } });
    const child = spawn(process.execPath, [resolve('bin/authmail.mjs'), 'serve', '--bundle', bundleDir], { cwd });
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(1);
    expect(err).toContain('serve.rateLimit.redis: must be a redis:// or rediss:// URL');
  }, 60_000);
});

/** Prometheus text format: every sample line is `name{labels} value`, every family has HELP and TYPE. */
function parseExposition(text: string) {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP|TYPE) \w+ /);
      continue;
    }
    const sample = /^(\w+)(\{[^}]*\})? (-?[\d.e+-]+|NaN|\+Inf)$/.exec(line);
    expect(sample, line).not.toBeNull();
    samples.set(`${sample?.[1]}${sample?.[2] ?? ''}`, Number(sample?.[3]));
  }
  return { samples, types };
}

describe('/metrics and --workers', () => {
  it('two workers share one port and the limits; /metrics sums them; SIGTERM stops all', async () => {
    const cwd = await project({ rateLimit: { recipient: LIMIT, ip: false, redis: redis.url }, metrics: true });
    const s = await startServe(cwd, ['--workers', '2']);
    await expect.poll(() => s.lines().filter((l) => l.event === 'listening').length, { timeout: 60_000 }).toBe(2);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(s.url, codeRequest('workers@example.com'))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);

    const unauthorized = await fetch(`${s.url}/metrics`);
    expect(unauthorized.status).toBe(401);
    const res = await fetch(`${s.url}/metrics`, { headers: { authorization: TOKEN } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseExposition(await res.text());
    expect(types.get('authmail_requests_total')).toBe('counter');
    expect(types.get('authmail_send_duration_seconds')).toBe('histogram');
    expect(samples.get('authmail_requests_total{status="200"}')).toBe(5);
    expect(samples.get('authmail_requests_total{status="429"}')).toBe(2);
    expect(samples.get('authmail_sends_total{transport="outbox",outcome="accepted"}')).toBe(5);
    expect(samples.get('authmail_rate_limited_total{limit="recipient"}')).toBe(2);
    expect(samples.get('authmail_send_duration_seconds_count{transport="outbox"}')).toBe(5);
    expect(samples.get('authmail_sends_in_flight')).toBe(0);

    expect(await s.stop()).toBe(0);
    expect(s.lines().map((l) => l.event)).toContain('workers-stopped');
    expect(s.lines().filter((l) => l.event === 'stopped')).toHaveLength(2);
  }, 120_000);

  it('one process: /metrics counts its own requests, in memory limits', async () => {
    const cwd = await project({ rateLimit: { recipient: { limit: 1, window: 60_000 }, ip: false }, metrics: true });
    const s = await startServe(cwd);
    expect((await call(s.url, codeRequest('one@example.com'))).status).toBe(200);
    expect((await call(s.url, codeRequest('one@example.com'))).status).toBe(429);
    const text = await fetch(`${s.url}/metrics`, { headers: { authorization: TOKEN } }).then((r) => r.text());
    const { samples } = parseExposition(text);
    expect(samples.get('authmail_requests_total{status="200"}')).toBe(1);
    expect(samples.get('authmail_rate_limited_total{limit="recipient"}')).toBe(1);
    expect(samples.get('authmail_rate_limit_store_errors_total')).toBe(0);
    const health = await fetch(`${s.url}/healthz`).then((r) => r.json());
    expect(health).toEqual({ status: 'ok', rateLimitStore: { store: 'memory', status: 'ok' } });
  }, 60_000);

  it('is off by default: /metrics is not found', async () => {
    const cwd = await project({});
    const s = await startServe(cwd);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(404);
  }, 60_000);
});
