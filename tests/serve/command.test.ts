/** `authmail serve` as a command: the real CLI in a child process, on loopback. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { serveFromConfig } from '../../src/serve/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { cli } from '../fixtures/cli.ts';
import { call, serveBundle, TOKEN } from '../fixtures/serve.ts';

/** The tests' own brand, as a config's `brand` section. */
const brand = testBrand;

describe('authmail serve (command)', () => {
  let dir: string;
  beforeAll(async () => {
    await mkdir('.cache', { recursive: true });
    dir = await mkdtemp(resolve('.cache/serve-cli-'));
    await (await serveBundle()).write(join(dir, 'dist'));
    await mkdir(join(dir, 'secrets'));
    await writeFile(join(dir, 'secrets', 'SERVE_TOKEN'), `${TOKEN.slice('Bearer '.length)}\n`);
    await writeFile(
      join(dir, 'authmail.config.json'),
      JSON.stringify({
        brand,
        secretsDir: 'secrets',
        send: { transport: 'outbox', transports: { outbox: { dir: 'outbox' } } },
        serve: { authorization: 'Bearer $[secret:SERVE_TOKEN]', port: '$[env:SERVE_PORT;default=8787]' },
      }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('explains a missing bundle: run npm run build', async () => {
    const { code, stderr } = await cli(['serve', '--bundle', 'nowhere', '--port', '0'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('No compiled bundles in');
    expect(stderr).toContain('Run `npm run build`');
  });

  it('explains a missing serve.authorization', async () => {
    const other = await mkdtemp(resolve('.cache/serve-noauth-'));
    try {
      await writeFile(join(other, 'authmail.config.json'), JSON.stringify({ brand }));
      const { code, stderr } = await cli(['serve', '--bundle', join(dir, 'dist')], other);
      expect(code).toBe(1);
      expect(stderr).toContain('serve.authorization: is not set');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('rejects a bad --port', async () => {
    const { code, stderr } = await cli(['serve', '--port', 'http'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be a port number');
  });

  it('takes the token from AUTHMAIL_SERVE_TOKEN when serve.authorization is not set, and never logs it', async () => {
    const token = 'env-token-0123456789abcdefXYZ';
    const lines: string[] = [];
    const config = parseConfig(
      { brand, send: { transport: 'outbox', transports: { outbox: { dir: join(dir, 'outbox-env') } } } },
      'test',
    );
    const server = await serveFromConfig(config, {
      cwd: dir,
      port: 0,
      write: (l) => lines.push(l),
      env: { AUTHMAIL_SERVE_TOKEN: token },
    });
    try {
      const body = { to: 'ada@example.com', type: 'Generic', payload: { code: '123456' } };
      expect((await call(server.url, body, { auth: `Bearer ${token}` })).status).toBe(200);
      expect((await call(server.url, body, { auth: `Bearer ${token}x` })).status).toBe(401);
    } finally {
      await server.close();
    }
    expect(lines.join('\n')).not.toContain(token);
    const short = serveFromConfig(config, { cwd: dir, port: 0, env: { AUTHMAIL_SERVE_TOKEN: 'short' } });
    await expect(short).rejects.toThrow(/AUTHMAIL_SERVE_TOKEN: must be one token of at least 16 characters/);
  });

  it('serveFromConfig serves from dist with the config’s transport and logs JSON', async () => {
    const lines: string[] = [];
    const config = parseConfig(
      {
        brand,
        send: { transport: 'outbox', transports: { outbox: { dir: join(dir, 'outbox-api') } } },
        serve: { authorization: TOKEN },
      },
      'test',
    );
    const server = await serveFromConfig(config, { cwd: dir, port: 0, write: (l) => lines.push(l) });
    try {
      const r = await call(server.url, {
        to: 'ada@example.com',
        type: 'BindMfa',
        payload: { code: '123456', user: { id: 'u1' } },
      });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ template: 'bind-mfa', transport: 'outbox' });
      expect((await readdir(join(dir, 'outbox-api'))).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    } finally {
      await server.close();
    }
    const events = lines.map((l) => JSON.parse(l).event);
    expect(events).toEqual(['listening', 'request', 'shutting-down', 'stopped']);
  });

  it('runs as a process: listens, sends, and exits 0 on SIGTERM after finishing', async () => {
    const env = { ...process.env };
    delete env.AUTHMAIL_TRANSPORT;
    const child: ChildProcess = spawn(process.execPath, [resolve('bin/authmail.mjs'), 'serve', '--port', '0'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const start = Date.now();
      while (!out.includes('"event":"listening"')) {
        if (Date.now() - start > 60_000 || child.exitCode !== null) throw new Error(`no listening line: ${out}${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const listening = JSON.parse(out.split('\n').find((l) => l.includes('"listening"')) as string);
      expect(listening).toMatchObject({ transport: 'outbox', templates: 9, path: '/' });
      const r = await call(listening.url, {
        to: 'mina@example.com',
        type: 'OrganizationInvitation',
        payload: { link: 'https://acme.example/i/xyz', organization: { id: 'o1', name: 'Northwind' }, locale: 'de' },
        ip: '203.0.113.9',
      });
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ template: 'organization-invitation', locale: 'de', transport: 'outbox' });
      const wrong = await call(
        listening.url,
        { to: 'mina@example.com', type: 'SignIn', payload: {} },
        { auth: 'Bearer x' },
      );
      expect(wrong.status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['listening', 'request', 'request', 'shutting-down', 'stopped']);
    expect(lines[1]).toMatchObject({ status: 200, to: 'm***@example.com', template: 'organization-invitation' });
    expect(out).not.toContain(TOKEN.slice('Bearer '.length));
    expect(out).not.toContain('https://acme.example/i/xyz');
    expect((await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });
});
