/**
 * `authmail serve --workers N` when things go wrong, as a supervisor sees it:
 * workers that cannot start make the primary exit 1 with one line naming the
 * cause (no stack, no hang); a port in use is one line with or without
 * workers; a worker that crashes later is restarted, with a growing wait, and
 * the primary gives up (exit 1, the reason) after crashes in a row.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testBrand } from '../fixtures/brand.ts';
import { freePort } from '../fixtures/redis.ts';
import { call, serveBundle, TOKEN } from '../fixtures/serve.ts';

let dir: string;
let cwd: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'authmail-workers-'));
  cwd = dir;
  await (await serveBundle()).write(join(dir, 'dist'));
  await writeFile(
    join(dir, 'authmail.config.json'),
    JSON.stringify({
      brand: testBrand,
      send: { transport: 'outbox', transports: { outbox: { dir: 'outbox' } } },
      serve: { authorization: TOKEN, rateLimit: { recipient: false, ip: false } },
    }),
  );
}, 60_000);
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function serve(args: string[]) {
  const child = spawn(process.execPath, [resolve('bin/authmail.mjs'), 'serve', ...args], {
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
  const started = Date.now();
  const exited = new Promise<{ code: number | null; ms: number }>((done) =>
    child.once('exit', (code) => done({ code, ms: Date.now() - started })),
  );
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, exited, lines, err: () => err };
}

/** stderr without the warning about unshared limits: the lines a failure added. */
const failureLines = (err: string) => err.split('\n').filter((l) => l && !l.includes('warning:'));

async function occupied(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, server };
}

describe('authmail serve --workers: failures are loud', () => {
  it('workers that cannot start: exit 1 at once with one line naming the cause', async () => {
    const s = serve(['--workers', '2', '--bundle', 'nowhere', '--port', '0']);
    const { code, ms } = await s.exited;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(15_000);
    const lines = failureLines(s.err());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^authmail serve: a worker could not start: No compiled bundles in .*nowhere/);
    expect(s.lines().map((l) => l.event)).toContain('workers-failed');
  }, 60_000);

  it('a port in use: one line, with workers and without', async () => {
    const { port, server } = await occupied();
    try {
      const many = serve(['--workers', '2', '--port', String(port)]);
      expect((await many.exited).code).toBe(1);
      expect(failureLines(many.err())).toEqual([
        `authmail serve: a worker could not start: port ${port} on 127.0.0.1 is in use (EADDRINUSE)`,
      ]);
      const one = serve(['--port', String(port)]);
      expect((await one.exited).code).toBe(1);
      expect(failureLines(one.err())).toEqual([`authmail serve: port ${port} on 127.0.0.1 is in use (EADDRINUSE)`]);
    } finally {
      server.close();
    }
  }, 60_000);

  it('restarts a worker that crashes, waiting longer after each quick crash, and gives up after five in a row', async () => {
    const port = await freePort();
    const s = serve(['--workers', '2', '--port', String(port)]);
    const listening = () => s.lines().filter((l) => l.event === 'listening');
    const kills: number[] = [];
    for (let crash = 1; crash <= 5; crash++) {
      // Two at the start, then one more after each restart; the newest is killed, each within seconds.
      await expect.poll(() => listening().length, { timeout: 60_000, interval: 20 }).toBe(crash + 1);
      if (crash === 1) {
        // It serves between crashes.
        const reply = await call(`http://127.0.0.1:${port}`, {
          to: 'a@example.com',
          type: 'Generic',
          payload: { code: '123456' },
        });
        expect(reply.status).toBe(200);
      }
      process.kill(listening().at(-1)?.pid as number, 'SIGKILL');
      kills.push(Date.now());
    }
    const { code } = await s.exited;
    expect(code).toBe(1);
    const exits = s.lines().filter((l) => l.event === 'worker-exited');
    expect(exits.map((l) => l.restartInMs)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(exits.every((l) => l.reason === 'signal SIGKILL')).toBe(true);
    // Each restart came after its announced wait.
    for (let i = 1; i < kills.length; i++) {
      expect((kills[i] as number) - (kills[i - 1] as number)).toBeGreaterThanOrEqual(
        exits[i - 1]?.restartInMs as number,
      );
    }
    expect(failureLines(s.err())).toEqual([
      'authmail serve: workers crashed 5 times in a row within 10 s of starting; last: signal SIGKILL',
    ]);
  }, 120_000);

  it('replaces a worker that stopped on its own; SIGTERM to the primary then stops all with exit 0', async () => {
    const port = await freePort();
    const s = serve(['--workers', '2', '--port', String(port)]);
    await expect.poll(() => s.lines().filter((l) => l.event === 'listening').length, { timeout: 60_000 }).toBe(2);
    const pid = s.lines().find((l) => l.event === 'listening')?.pid as number;
    process.kill(pid, 'SIGTERM');
    await expect.poll(() => s.lines().filter((l) => l.event === 'listening').length, { timeout: 30_000 }).toBe(3);
    expect(s.lines().find((l) => l.event === 'worker-exited')).toMatchObject({
      reason: 'exit code 0',
      restartInMs: 1_000,
    });
    s.child.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
    expect(s.err()).not.toMatch(/\n\s+at /);
  }, 60_000);
});
