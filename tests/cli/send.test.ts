/**
 * `authmail send`, in-process: the outbox out of the box, --json, usage and
 * input errors, and the smtp / http transports from a config whose secrets
 * come from files and never show in any output.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseVars } from '../../src/cli/commands/send.ts';
import { testBrand } from '../fixtures/brand.ts';
import { cli } from '../fixtures/cli.ts';
import { testBundle } from '../fixtures/send.ts';
import { type SmtpSink, startSmtp, testCertificate } from '../fixtures/smtp.ts';

const PASSWORD = 'correct-horse-battery-9';
let root: string;
let bundleDir: string;
let secretsDir: string;
let n = 0;
const sinks: SmtpSink[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'authmail-cli-send-'));
  bundleDir = join(root, 'bundle');
  secretsDir = join(root, 'secrets');
  await (await testBundle()).write(bundleDir);
  await mkdir(secretsDir);
  await writeFile(join(secretsDir, 'EMAIL_PASSWORD'), `${PASSWORD}\n`);
  await writeFile(join(secretsDir, 'WRONG_PASSWORD'), 'wrong-password-7777\n');
});
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh working directory with an authmail.config.json. */
async function project(send: unknown = undefined) {
  const cwd = join(root, `p${++n}`);
  await mkdir(cwd);
  const config = { brand: testBrand, secretsDir, ...(send === undefined ? {} : { send }) };
  await writeFile(join(cwd, 'authmail.config.json'), JSON.stringify(config, null, 2));
  return cwd;
}

const base = ['send', '--template', 'sign-in', '--to', 'ada@example.com', '--var', 'code=482915'];

describe('authmail send', () => {
  it('writes to ./outbox/ by default', async () => {
    const cwd = await project();
    const r = await cli([...base, '--locale', 'de', '--bundle', bundleDir], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Sent sign-in \(de\) to ada@example\.com via outbox: <[^>]+@testbrand\.example>\n {2}outbox\/.+\.eml\n$/,
    );
    const files = await readdir(join(cwd, 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('--json prints the result as one object', async () => {
    const cwd = await project();
    const r = await cli(
      [
        ...base,
        '--var',
        'application.name=Acme Cloud',
        '--var',
        'application.id=app_1',
        '--bundle',
        bundleDir,
        '--json',
      ],
      cwd,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      transport: 'outbox',
      accepted: ['ada@example.com'],
      attempts: 1,
      locale: 'en',
      messageId: expect.stringMatching(/^<.+@testbrand\.example>$/),
    });
  });

  it.each([
    [['send', '--to', 'a@example.com'], /--template is required/],
    [['send', '--template', 'sign-in'], /--to is required/],
    [[...base, '--var', 'nonsense'], /--var "nonsense" must look like name=value/],
    [[...base, '--var', 'a..b=1'], /is not a variable path/],
    [[...base, '--vars', '{not json'], /--vars is not valid JSON/],
  ])('usage error %j', async (args, message) => {
    const cwd = await project();
    const r = await cli([...args, '--bundle', bundleDir], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: authmail send');
  });

  it.each([
    [['--template', 'sign-on'], 'UNKNOWN_TEMPLATE', /Unknown template "sign-on"/],
    [['--locale', '12'], 'UNKNOWN_LOCALE', /Unknown locale "12"/],
    [['--var', 'code=<b>'], 'INVALID_VARIABLE', /variable "code" must be/],
    [['--to', 'ada@example'], 'INVALID_ADDRESS', /Invalid recipient address "ada@example"/],
    [['--transport', 'pigeon'], 'INVALID_CONFIG', /unknown transport "pigeon"/],
    [['--transport', 'smtp'], 'INVALID_CONFIG', /send\.transports\.smtp: is not configured/],
  ])('refuses %j with a clear error, sending nothing', async (extra, code, message) => {
    const cwd = await project();
    const human = await cli([...base, ...extra, '--bundle', bundleDir], cwd);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(message);
    const json = await cli([...base, ...extra, '--bundle', bundleDir, '--json'], cwd);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code, message: expect.stringMatching(message) },
    });
    await expect(readdir(join(cwd, 'outbox'))).rejects.toThrow(/ENOENT/);
  });

  it('names the key of an unresolved $[env:…] in the config', async () => {
    const cwd = await project({ transport: 'smtp', transports: { smtp: { host: '$[env:AUTHMAIL_TEST_UNSET_HOST]' } } });
    const r = await cli([...base, '--bundle', bundleDir], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /send\.transports\.smtp\.host: \$\[env:AUTHMAIL_TEST_UNSET_HOST\] is unresolved: environment variable AUTHMAIL_TEST_UNSET_HOST is not set/,
    );
  });

  it('names a missing secret file', async () => {
    const cwd = await project({ transports: { smtp: { host: 'h.example', 'smtp.password': '$[secret:NOT_THERE]' } } });
    const r = await cli([...base, '--bundle', bundleDir], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `send.transports.smtp["smtp.password"]: $[secret:NOT_THERE] is unresolved: no secret file ${secretsDir}/NOT_THERE`,
    );
  });
});

describe('authmail send --transport smtp / http', () => {
  async function authSink() {
    const cert = await testCertificate();
    const s = await startSmtp({ key: cert.key, cert: cert.cert, users: { mailer: PASSWORD } });
    sinks.push(s);
    return { s, cert };
  }

  const smtpConfig = (port: number, ca: string, secret: string, debug = false) => ({
    transports: {
      smtp: {
        'smtp.host': 'localhost',
        'smtp.port': `$[env:AUTHMAIL_TEST_SMTP_PORT;default=${port}]`,
        'smtp.user': 'mailer',
        'smtp.password': `$[secret:${secret}]`,
        'smtp.requiretls': true,
        'debug.email': debug,
        tls: { ca },
      },
    },
    delivery: { maxAttempts: 2, backoff: { initial: 10, max: 10 } },
  });

  it('sends through SMTP with a password from a secret file', async () => {
    const { s, cert } = await authSink();
    const cwd = await project(smtpConfig(s.port, cert.cert, 'EMAIL_PASSWORD'));
    const r = await cli([...base, '--locale', 'de', '--transport', 'smtp', '--bundle', bundleDir, '--json'], cwd);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      transport: 'smtp',
      attempts: 1,
      response: expect.stringMatching(/^250/),
    });
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ secure: true, user: 'mailer' });
    expect(s.messages[0]?.parsed.text).toContain('482915');
  });

  it('a refused login: exit 1, AUTH_FAILED, and the password in no output (even with debug logs)', async () => {
    const { s, cert } = await authSink();
    const cwd = await project(smtpConfig(s.port, cert.cert, 'WRONG_PASSWORD', true));
    for (const mode of [['--json'], []]) {
      const r = await cli([...base, '--transport', 'smtp', '--bundle', bundleDir, '--verbose', ...mode], cwd);
      expect(r.code).toBe(1);
      const out = r.stdout + r.stderr;
      if (mode.length) {
        expect(JSON.parse(r.stdout)).toMatchObject({
          ok: false,
          error: { code: 'AUTH_FAILED', status: 535, retryable: false, attempts: 1, transport: 'smtp' },
        });
      } else {
        expect(r.stderr).toMatch(/authmail send: smtp: Invalid login: 535/);
      }
      expect(r.stderr).toMatch(/AUTH (PLAIN|LOGIN)/); // the debug log is there…
      for (const leak of ['wrong-password-7777', Buffer.from('wrong-password-7777').toString('base64'), PASSWORD]) {
        expect(out).not.toContain(leak); // …without the secret
      }
    }
    expect(s.messages).toHaveLength(0);
  });

  it('posts to the http transport with the Authorization from a secret file', async () => {
    await writeFile(join(secretsDir, 'HOOK_TOKEN'), 'Bearer hook-token-123456');
    const requests: { headers: Record<string, unknown>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        requests.push({ headers: req.headers, body });
        res.writeHead(requests.length === 1 ? 401 : 204).end('token Bearer hook-token-123456 is not valid here');
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/email`;
    const cwd = await project({
      transport: 'http',
      transports: { http: { endpoint, authorization: '$[secret:HOOK_TOKEN]' } },
    });
    const first = await cli([...base, '--bundle', bundleDir, '--json', '--ip', '203.0.113.7'], cwd);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', status: 401 } });
    expect(first.stdout).toContain('[redacted]');
    expect(first.stdout).not.toContain('hook-token-123456');
    const second = await cli([...base, '--bundle', bundleDir, '--json', '--ip', '203.0.113.7'], cwd);
    expect(JSON.parse(second.stdout)).toMatchObject({
      ok: true,
      transport: 'http',
      messageId: expect.stringMatching(/^msg_/),
    });
    expect(requests[1]?.headers.authorization).toBe('Bearer hook-token-123456');
    expect(JSON.parse(requests[1]?.body ?? '{}')).toMatchObject({
      to: 'ada@example.com',
      type: 'SignIn',
      payload: { code: '482915' },
      ip: '203.0.113.7',
    });
  });
});

describe('--var', () => {
  it('builds nested variables and merges with --vars', () => {
    expect(parseVars(['code=1', 'application.name=Acme', 'application.id=a1'], '{"user":{"id":"u1"}}')).toEqual({
      user: { id: 'u1' },
      code: '1',
      application: { name: 'Acme', id: 'a1' },
    });
    expect(() => parseVars(['code=1', 'code.x=2'])).toThrow(/"code" is already a value/);
  });
});
