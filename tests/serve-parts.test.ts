/**
 * The parts of `authmail serve` on their own — rate limiter, keys,
 * Authorization check, masking, the `serve` config section — and the command:
 * its errors in-process, a real `authmail serve` process (config with
 * `$[env:]` / `$[secret:]` values, a request, SIGTERM), and the import graph
 * (no React, no i18next).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSecrets, parseConfig } from '../src/config/index.ts';
import { ConfigError } from '../src/core/errors.ts';
import { createMailer, createOutboxTransport } from '../src/send/index.ts';
import {
  createAuthorizer,
  createRateLimiter,
  Gcra,
  ipKey,
  maskAddress,
  maskAddresses,
  recipientKey,
  serveFromConfig,
  startServer,
} from '../src/serve/index.ts';
import { cli } from './fixtures/cli.ts';
import { call, serveBundle, TOKEN } from './fixtures/serve.ts';

const brand = {
  senderName: 'Acme',
  fromAddress: 'no-reply@acme.example',
  productName: 'Acme',
  companyInformation: 'Acme Inc.',
  logoUrl: 'https://static.acme.example/email/logo.png',
  logoWidth: 120,
  logoHeight: 36,
  primaryColor: '#4f46e5',
  supportEmail: 'support@acme.example',
  supportUrl: 'https://help.acme.example',
};

describe('rate limiter (GCRA)', () => {
  it('allows a burst of `limit`, then one per window/limit, with the exact wait', () => {
    const g = new Gcra({ limit: 3, window: 60_000 }, 100);
    const take = (now: number) => {
      const { wait, next } = g.peek('k', now);
      if (wait === 0) g.commit('k', next, now);
      return wait;
    };
    expect([take(0), take(0), take(0)]).toEqual([0, 0, 0]);
    expect(take(0)).toBe(20_000);
    expect(take(19_999)).toBe(1);
    expect(take(20_000)).toBe(0);
    expect(take(20_000)).toBe(20_000);
    // After a full window of silence, the whole burst is back.
    expect([take(140_000), take(140_000), take(140_000), take(140_000)]).toEqual([0, 0, 0, 20_000]);
  });

  it('counts a request only when every limit allows it', () => {
    let now = 0;
    const limiter = createRateLimiter(
      { recipient: { limit: 1, window: 10_000 }, ip: { limit: 2, window: 10_000 }, maxKeys: 100 },
      () => now,
    );
    expect(limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' })).toEqual({ allowed: true });
    expect(limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' })).toMatchObject({
      allowed: false,
      limit: 'recipient',
      retryAfterMs: 10_000,
    });
    // The refused request did not use the IP's second slot.
    expect(limiter.take({ recipient: 'b@x.com', ip: '10.0.0.1' })).toEqual({ allowed: true });
    expect(limiter.take({ recipient: 'c@x.com', ip: '10.0.0.1' })).toMatchObject({ allowed: false, limit: 'ip' });
    now = 10_000;
    limiter.sweep();
    expect(limiter.size()).toEqual({ recipient: 0, ip: 0 });
  });

  it('names the longer wait when several limits refuse', () => {
    const limiter = createRateLimiter(
      { recipient: { limit: 1, window: 10_000 }, ip: { limit: 1, window: 60_000 }, maxKeys: 100 },
      () => 0,
    );
    limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' });
    expect(limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' })).toMatchObject({ limit: 'ip', retryAfterMs: 60_000 });
  });

  it('counts the Unicode and punycode spellings of one inbox together', () => {
    const limiter = createRateLimiter({ recipient: { limit: 5, window: 60_000 }, ip: false, maxKeys: 100 }, () => 0);
    const spellings = ['a@bücher.example', 'a@xn--bcher-kva.example', 'A@BÜCHER.example', 'a+1@XN--BCHER-KVA.example'];
    const allowed = Array.from(
      { length: 10 },
      (_, i) => limiter.take({ recipient: spellings[i % 4] as string }).allowed,
    );
    expect(allowed.filter(Boolean)).toHaveLength(5);
  });

  it('keeps at most maxKeys keys per limit', () => {
    const limiter = createRateLimiter({ recipient: { limit: 1, window: 60_000 }, ip: false, maxKeys: 100 }, () => 0);
    for (let i = 0; i < 1_000; i++) limiter.take({ recipient: `u${i}@x.com` });
    expect(limiter.size().recipient).toBeLessThanOrEqual(100);
    // The most recent keys are still limited.
    expect(limiter.take({ recipient: 'u999@x.com' }).allowed).toBe(false);
  });

  it.each([
    ['Ada@Example.COM', 'ada@example.com'],
    ['ada+otp@example.com', 'ada@example.com'],
    ['ada+a+b@example.com', 'ada@example.com'],
    ['+tag@example.com', '+tag@example.com'],
    ['ada@bücher.example', 'ada@xn--bcher-kva.example'],
    ['Ada+x@BÜCHER.example', 'ada@xn--bcher-kva.example'],
    ['ADA@XN--BCHER-KVA.EXAMPLE', 'ada@xn--bcher-kva.example'],
  ])('recipient key of %s is %s', (address, key) => {
    expect(recipientKey(address)).toBe(key);
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['2001:db8:1:2::a', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:0:0:b', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not-an-ip', undefined],
  ])('ip key of %s is %s', (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });
});

describe('Authorization check', () => {
  it('accepts exactly the configured value(s)', () => {
    const auth = createAuthorizer(TOKEN);
    expect(auth.check(TOKEN)).toBe(true);
    expect(auth.check(`${TOKEN} `)).toBe(false);
    expect(auth.check(TOKEN.slice(0, -1))).toBe(false);
    expect(auth.check('')).toBe(false);
    expect(auth.check(undefined)).toBe(false);
    expect(auth.check([TOKEN, TOKEN])).toBe(false);
    expect(auth.scheme).toBe('Bearer');
    const two = createAuthorizer(['Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Token abcdefghijklmnop']);
    expect(two.check('Basic YWxhZGRpbjpvcGVuc2VzYW1l')).toBe(true);
    expect(two.check('Token abcdefghijklmnop')).toBe(true);
    expect(two.scheme).toBe('Basic');
    expect(createAuthorizer('a-bare-token-without-scheme').scheme).toBe('Bearer');
  });
});

describe('masking', () => {
  it.each([
    ['mina@example.com', 'm***@example.com'],
    ['Mina Park <mina.park@example.com>', 'm***@example.com'],
    ['"x"@example.com', 'x***@example.com'],
    ['ölaf@example.com', 'ö***@example.com'],
    ['no-address', '***'],
    ['@example.com', '***'],
  ])('%s → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });

  it('masks every address in a text', () => {
    expect(maskAddresses('550 5.1.1 <bob@example.com>: unknown; cc ann.lee@sub.example.org')).toBe(
      '550 5.1.1 <b***@example.com>: unknown; cc a***@sub.example.org',
    );
  });
});

describe('serve config section', () => {
  it('has safe defaults', () => {
    const config = parseConfig({ brand });
    expect(config.serve).toEqual({
      host: '127.0.0.1',
      port: 8787,
      path: '/',
      strictTypes: false,
      types: {},
      bodyLimit: 16_384,
      readTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      shutdownTimeout: 30_000,
      maxInFlight: 256,
      rateLimit: {
        recipient: { limit: 5, window: 600_000 },
        ip: { limit: 30, window: 600_000 },
        maxKeys: 100_000,
        onStoreError: 'deny',
      },
      metrics: false,
      logLevel: 'info',
    });
  });

  it('resolves $[env:] and $[secret:] values, and the Authorization value is a secret', async () => {
    await mkdir('.cache', { recursive: true });
    const dir = await mkdtemp(resolve('.cache/serve-secrets-'));
    try {
      await writeFile(join(dir, 'SERVE_TOKEN'), 'from-a-secret-file-0123456789\n');
      const config = parseConfig(
        {
          brand,
          secretsDir: dir,
          serve: {
            authorization: 'Bearer $[secret:SERVE_TOKEN]',
            port: '$[env:PORT;default=9000]',
            strictTypes: '$[env:STRICT;default=true]',
            rateLimit: { recipient: { limit: '$[env:LIMIT]', window: 60_000 }, ip: false },
          },
        },
        'test',
        { env: { PORT: '8080', LIMIT: '3' } },
      );
      expect(config.serve).toMatchObject({
        authorization: 'Bearer from-a-secret-file-0123456789',
        port: 8080,
        strictTypes: true,
        rateLimit: { recipient: { limit: 3, window: 60_000 }, ip: false },
      });
      expect(configSecrets(config).string('auth=Bearer from-a-secret-file-0123456789')).not.toContain(
        'from-a-secret-file',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ authorization: 'short' }, 'serve.authorization: must be at least 16 characters'],
    [{ authorization: 'Bearer 0123456789abcdef\r\nX: y' }, 'serve.authorization: must not contain line breaks'],
    [{ port: 'eighty' }, 'serve.port: must be a number'],
    [{ port: 70_000 }, 'serve.port: must be at most 65535'],
    [{ bodyLimit: 10 }, 'serve.bodyLimit: must be at least 1024 bytes'],
    [{ rateLimit: { recipient: { limit: 0, window: 60_000 } } }, 'serve.rateLimit.recipient'],
    [{ rateLimit: { ip: { limit: 5, window: 10 } } }, 'serve.rateLimit.ip'],
    [{ readTimeout: 20_000, requestTimeout: 10_000 }, 'serve.requestTimeout: must not be shorter than readTimeout'],
    [{ path: '/healthz' }, 'serve.path: is reserved for /healthz'],
    [{ path: 'email' }, 'serve.path: must be an absolute path'],
    [{ logLevel: 'loud' }, 'serve.logLevel: must be one of'],
    [{ strict: true }, 'serve: Unrecognized key: "strict"'],
  ])('%j → an error naming the key', (serve, message) => {
    let error: unknown;
    try {
      parseConfig({ brand, serve });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
  });

  it('refuses to start without serve.authorization', async () => {
    const { bundle } = await serveBundle();
    const mailer = createMailer({
      bundle,
      transport: createOutboxTransport({ dir: 'outbox' }),
      from: 'a@acme.example',
    });
    await expect(startServer({ bundle, mailer, settings: { port: 0 } })).rejects.toThrow(
      /serve\.authorization: is not set.*Authorization header Logto/,
    );
  });
});

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

describe('React-free', () => {
  it.each(['src/serve/index.ts', 'src/cli/commands/serve.ts'])('%s loads no React, React Email or i18next', (entry) => {
    const out = execFileSync(process.execPath, ['tests/fixtures/loaded-modules.mjs', entry], { encoding: 'utf8' });
    const urls = JSON.parse(out) as string[];
    if (entry === 'src/serve/index.ts') {
      expect(urls.some((u) => u.endsWith('/src/serve/server.ts'))).toBe(true);
      expect(urls.some((u) => u.endsWith('/src/runtime/bundle.ts'))).toBe(true);
    }
    const forbidden = urls.filter((u) =>
      /node_modules\/(react|react-dom|react-email|@react-email|i18next|html-to-text)\/|\/src\/render\/|\/src\/build\/|\/emails\//.test(
        u,
      ),
    );
    expect(forbidden).toEqual([]);
  });
});
