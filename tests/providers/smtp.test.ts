import { execFileSync } from 'node:child_process';
/**
 * The smtp transport against a real SMTP server (smtp-server on 127.0.0.1),
 * messages parsed with mailparser and DKIM verified with mailauth.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smtpOptionsSchema } from '../../src/providers/smtp/options.ts';
import { nodemailerOptions } from '../../src/providers/smtp/transport.ts';
import type { Bundle } from '../../src/runtime/index.ts';
import { createMailer, createSmtpTransport, type DeliveryInput, type SmtpOptionsInput } from '../../src/send/index.ts';
import { collectLog, fastRetries, sendError, testBundle } from '../fixtures/send.ts';
import { closedPort, type SinkOptions, type SmtpSink, startSmtp, testCertificate } from '../fixtures/smtp.ts';

let bundle: Bundle;
let cert: { key: string; cert: string };
const sinks: SmtpSink[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  bundle = (await testBundle()).bundle;
  cert = await testCertificate();
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function sink(options: SinkOptions = {}) {
  const s = await startSmtp(options);
  sinks.push(s);
  return s;
}

function mailer(smtp: SmtpOptionsInput, delivery: DeliveryInput = fastRetries, log = collectLog()) {
  const transport = createSmtpTransport(smtp, { log: log.log });
  const m = createMailer({
    bundle,
    transport,
    from: 'Acme <no-reply@acme.example>',
    delivery,
    log: log.log,
    secrets: ['hunter2-secret'],
  });
  closers.push(() => m.close());
  return m;
}

const signIn = {
  template: 'sign-in',
  to: 'Ada <ada@example.com>',
  locale: 'de',
  variables: { code: '482915', application: { id: 'app_1', name: 'Acme Cloud' } },
};

describe('smtp transport, plain', () => {
  it('delivers multipart/alternative with both parts and the right headers', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const m = mailer({ host: s.host, port: s.port, customHeaders: { 'X-Campaign': 'auth' } });
    const result = await m.send({ ...signIn, headers: { 'X-Request-Id': 'req-42' } });
    expect(result).toMatchObject({ transport: 'smtp', accepted: ['ada@example.com'], attempts: 1, locale: 'de' });
    expect(s.messages).toHaveLength(1);
    const msg = s.messages[0];
    if (!msg) throw new Error('no message');
    expect(msg.secure).toBe(false);
    expect(msg.from).toBe('no-reply@acme.example');
    expect(msg.to).toEqual(['ada@example.com']);
    const p = msg.parsed;
    expect(p.messageId).toBe(result.messageId);
    expect(p.from?.value).toEqual([{ name: 'Acme', address: 'no-reply@acme.example' }]);
    expect(p.to && !Array.isArray(p.to) ? p.to.value : []).toEqual([{ name: 'Ada', address: 'ada@example.com' }]);
    expect(p.subject).toBe(bundle.render('sign-in', signIn).subject);
    expect(p.subject).toContain('Acme Cloud');
    expect(p.date).toBeInstanceOf(Date);
    expect(p.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(p.headers.get('auto-submitted')).toBe('auto-generated');
    expect(p.headers.get('content-language')).toBe('de');
    expect(p.headers.get('x-request-id')).toBe('req-42');
    expect(p.headers.get('x-campaign')).toBe('auth');
    expect(p.text).toContain('482915');
    expect(p.html).toBe(bundle.render('sign-in', signIn).html);
    expect(p.html).toContain('lang="de"');
    // text before html, as multipart/alternative requires (last = preferred)
    const raw = msg.raw.toString('latin1');
    expect(raw.indexOf('Content-Type: text/plain')).toBeLessThan(raw.indexOf('Content-Type: text/html'));
  });

  it('debug logs the SMTP dialogue but never the message source (code, link, body)', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const log = collectLog();
    const m = mailer({ host: s.host, port: s.port, debug: true }, fastRetries, log);
    await m.send({ ...signIn, variables: { ...signIn.variables, code: '731904' } });
    expect(s.messages).toHaveLength(1);
    const text = log.text();
    expect(text).toMatch(/MAIL FROM:<no-reply@acme\.example>/);
    expect(text).toMatch(/RCPT TO:<ada@example\.com>/);
    expect(text).toMatch(/bytes encoded mime message/);
    expect(text).not.toContain('731904');
    expect(text).not.toMatch(/Content-Type: text\/html|<html/i);
  });

  it('keeps STARTTLS off when the policy is disabled, even if offered', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert });
    const m = mailer({ host: s.host, port: s.port, starttls: 'disabled' });
    await m.send(signIn);
    expect(s.messages[0]?.secure).toBe(false);
  });

  it('pools connections: several messages over few connections, none lost', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const m = mailer({ host: s.host, port: s.port, pool: true, maxConnections: 2 });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => m.send({ ...signIn, to: `user${i}@example.com` })),
    );
    expect(s.messages).toHaveLength(8);
    expect(new Set(s.messages.map((x) => x.parsed.messageId))).toEqual(new Set(results.map((r) => r.messageId)));
    expect(s.connections).toBeLessThanOrEqual(2);
  });
});

describe('smtp transport, pooled under load', () => {
  it('starts the attempt timeout when a send gets its connection: a slow server, 20 sends over 2 connections, each delivered once', async () => {
    // Each message takes ~300 ms to be accepted; the last one waits ~3 s for a connection, five attempt
    // timeouts' worth. Counting the wait, attempts were cut off mid-DATA and the message sent again.
    const s = await sink({ disabledCommands: ['STARTTLS'], dataDelay: () => 300 });
    const m = mailer(
      { host: s.host, port: s.port, pool: true, maxConnections: 2 },
      {
        ...fastRetries,
        attemptTimeout: 600,
        deadline: 30_000,
        maxAttempts: 10,
      },
    );
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => m.send({ ...signIn, to: `user${i}@example.com` })),
    );
    const ids = s.messages.map((x) => x.parsed.messageId);
    expect(ids.length - new Set(ids).size, 'messages delivered twice').toBe(0);
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(ids).toHaveLength(20);
    expect(settled.every((r) => r.status === 'fulfilled' && r.value.attempts === 1)).toBe(true);
  });

  it('still bounds the whole send by the deadline while it waits for a connection', async () => {
    // One connection, held 3 s by the first send; the second waits for it, but only until its 1 s deadline.
    const s = await sink({ disabledCommands: ['STARTTLS'], dataDelay: () => 3_000 });
    const m = mailer(
      { host: s.host, port: s.port, pool: true, maxConnections: 1 },
      {
        ...fastRetries,
        attemptTimeout: 5_000,
        deadline: 1_000,
      },
    );
    const started = Date.now();
    const [first, second] = await Promise.allSettled([
      m.send({ ...signIn, to: 'one@example.com' }),
      m.send({ ...signIn, to: 'two@example.com' }),
    ]);
    expect(first?.status).toBe('rejected');
    expect(second?.status).toBe('rejected');
    expect(((second as PromiseRejectedResult).reason as { code: string }).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

describe('smtp transport, internationalized domains', () => {
  it('delivers to a Unicode domain (punycode on the wire) and reports the send as delivered', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const m = mailer({ host: s.host, port: s.port });
    const result = await m.send({ ...signIn, to: 'Ada <ada@bücher.example>' });
    expect(s.messages).toHaveLength(1);
    // smtp-server shows the envelope's domain in Unicode; what crossed the wire is ASCII.
    expect(s.messages[0]?.to).toEqual(['ada@bücher.example']);
    expect(result.accepted.map((a) => a.toLowerCase())).toEqual(['ada@xn--bcher-kva.example']);
    const raw = s.messages[0]?.raw.toString('latin1') ?? '';
    expect(raw).toMatch(/^To: Ada <ada@xn--bcher-kva\.example>\r$/m);
  });

  it('takes the punycode and mixed-case spellings of one inbox as the same recipient', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const m = mailer({ host: s.host, port: s.port });
    await m.send({ ...signIn, to: 'ADA@XN--BCHER-KVA.example' });
    await m.send({ ...signIn, to: 'ada@BÜCHER.example' });
    expect(s.messages.map((x) => x.to.map((a) => a.toLowerCase()))).toEqual([
      ['ada@bücher.example'],
      ['ada@bücher.example'],
    ]);
  });
});

describe('smtp transport, TLS', () => {
  it('upgrades with STARTTLS (required) and validates the generated certificate', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert });
    const m = mailer({ host: 'localhost', port: s.port, starttls: 'required', tls: { ca: cert.cert } });
    await m.send(signIn);
    expect(s.messages[0]?.secure).toBe(true);
  });

  it('upgrades opportunistically when the server offers STARTTLS', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert });
    const m = mailer({ host: s.host, port: s.port, tls: { ca: cert.cert, servername: 'localhost' } });
    await m.send(signIn);
    expect(s.messages[0]?.secure).toBe(true);
  });

  it('refuses a certificate it does not trust, without retrying', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert });
    const m = mailer({ host: 'localhost', port: s.port, starttls: 'required' });
    const e = await sendError(m.send(signIn));
    expect(e).toMatchObject({ code: 'TLS_FAILED', retryable: false, attempts: 1, transport: 'smtp' });
    expect(s.messages).toHaveLength(0);
  });

  it('speaks implicit TLS (secure / smtp.ssl)', async () => {
    const s = await sink({ secure: true, key: cert.key, cert: cert.cert });
    const m = mailer({ 'smtp.host': 'localhost', 'smtp.port': s.port, 'smtp.ssl': true, tls: { ca: cert.cert } });
    await m.send(signIn);
    expect(s.messages[0]?.secure).toBe(true);
  });

  it('smtp.requiretls refuses a server without STARTTLS', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const m = mailer({ 'smtp.host': s.host, 'smtp.port': s.port, 'smtp.requiretls': true });
    const e = await sendError(m.send(signIn));
    expect(e).toMatchObject({ code: 'TLS_FAILED', retryable: false, attempts: 1 });
    expect(e.message).toMatch(/STARTTLS/i);
    expect(s.messages).toHaveLength(0);
    expect(s.mailFrom).toBe(0);
  });
});

describe('smtp transport, AUTH', () => {
  const users = { 'mailer@acme.example': 'hunter2-secret' };

  it('logs in with PLAIN and with LOGIN', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert, users });
    for (const method of ['PLAIN', 'LOGIN'] as const) {
      const m = mailer({
        host: 'localhost',
        port: s.port,
        tls: { ca: cert.cert },
        auth: { user: 'mailer@acme.example', pass: 'hunter2-secret', method },
      });
      await m.send(signIn);
    }
    expect(s.messages.map((x) => x.user)).toEqual(['mailer@acme.example', 'mailer@acme.example']);
  });

  it('accepts AEM smtp.user / smtp.password', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert, users });
    const m = mailer({
      'smtp.host': 'localhost',
      'smtp.port': String(s.port),
      'smtp.user': 'mailer@acme.example',
      'smtp.password': 'hunter2-secret',
      'smtp.starttls': true,
      tls: { ca: cert.cert },
    });
    await m.send(signIn);
    expect(s.messages[0]?.user).toBe('mailer@acme.example');
  });

  it('fails at once on refused credentials, and never shows the password', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert, users });
    const log = collectLog();
    const m = mailer(
      {
        host: 'localhost',
        port: s.port,
        tls: { ca: cert.cert },
        auth: { user: 'mailer@acme.example', pass: 'wrong-password-123' },
        debug: true,
      },
      fastRetries,
      log,
    );
    const e = await sendError(m.send(signIn));
    expect(e).toMatchObject({ code: 'AUTH_FAILED', status: 535, retryable: false, attempts: 1 });
    expect(s.messages).toHaveLength(0);
    const everything = `${e.message}\n${JSON.stringify(e)}\n${log.text()}`;
    expect(log.text()).toMatch(/AUTH/); // the debug log did record the conversation
    for (const secret of ['wrong-password-123', Buffer.from('wrong-password-123').toString('base64')]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('smtp transport, OAuth2 and options', () => {
  it('authenticates with XOAUTH2 and never shows the token', async () => {
    const s = await sink({
      key: cert.key,
      cert: cert.cert,
      authMethods: ['XOAUTH2'],
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.method === 'XOAUTH2' && auth.username === 'auth@acme.example' && auth.accessToken === 'ya29.token-1') {
          return callback(null, { user: auth.username });
        }
        return callback(Object.assign(new Error('5.7.8 bad token'), { responseCode: 535 }));
      },
    });
    const good = mailer({
      host: 'localhost',
      port: s.port,
      tls: { ca: cert.cert },
      auth: { type: 'OAuth2', user: 'auth@acme.example', accessToken: 'ya29.token-1' },
    });
    await good.send(signIn);
    expect(s.messages[0]?.user).toBe('auth@acme.example');

    const log = collectLog();
    const bad = mailer(
      {
        host: 'localhost',
        port: s.port,
        tls: { ca: cert.cert },
        'smtp.user': 'auth@acme.example',
        'oauth.flow': true,
        auth: { accessToken: 'ya29.expired-token-2' },
        debug: true,
      },
      fastRetries,
      log,
    );
    const e = await sendError(bad.send(signIn));
    expect(e).toMatchObject({ code: 'AUTH_FAILED', retryable: false, attempts: 1 });
    expect(`${JSON.stringify(e)}${log.text()}`).not.toContain('ya29.expired-token-2');
  });

  it('verify() checks connection, TLS and login without sending', async () => {
    const s = await sink({ key: cert.key, cert: cert.cert, users: { u: 'hunter2-secret' } });
    const good = createSmtpTransport({
      host: 'localhost',
      port: s.port,
      tls: { ca: cert.cert },
      auth: { user: 'u', pass: 'hunter2-secret' },
    });
    closers.push(async () => good.close?.());
    await good.verify();
    const bad = createSmtpTransport({
      host: 'localhost',
      port: s.port,
      tls: { ca: cert.cert },
      auth: { user: 'u', pass: 'nope-nope' },
    });
    closers.push(async () => bad.close?.());
    await expect(bad.verify()).rejects.toMatchObject({ code: 'AUTH_FAILED', status: 535 });
    expect(s.messages).toHaveLength(0);
  });

  it('maps pooling, rate limit, timeouts, TLS and identity onto nodemailer', () => {
    const o = nodemailerOptions(
      smtpOptionsSchema.parse({
        host: 'smtp.acme.example',
        pool: true,
        maxConnections: 3,
        maxMessages: 50,
        rateLimit: 10,
        rateDelta: 2000,
        connectionTimeout: 5000,
        greetingTimeout: 4000,
        socketTimeout: 3000,
        dnsTimeout: 2000,
        name: 'auth.acme.example',
        localAddress: '127.0.0.1',
        starttls: 'required',
        tls: { minVersion: 'TLSv1.3', ca: 'PEM' },
      }),
    );
    expect(o).toMatchObject({
      host: 'smtp.acme.example',
      port: 587,
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
      tls: { minVersion: 'TLSv1.3', ca: 'PEM', rejectUnauthorized: true },
      pool: true,
      maxConnections: 3,
      maxMessages: 50,
      rateLimit: 10,
      rateDelta: 2000,
      connectionTimeout: 5000,
      greetingTimeout: 4000,
      socketTimeout: 3000,
      dnsTimeout: 2000,
      name: 'auth.acme.example',
      localAddress: '127.0.0.1',
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
  });
});

describe('smtp transport, failures and retries', () => {
  it.each([
    [421, '4.7.0 Try again later, closing connection'],
    [451, '4.3.0 Temporary local problem'],
  ])('retries a %i and delivers once', async (code, text) => {
    const s = await sink({
      disabledCommands: ['STARTTLS'],
      mailFromReply: (n) => (n === 1 ? [code, text] : undefined),
    });
    const log = collectLog();
    const m = mailer({ host: s.host, port: s.port }, fastRetries, log);
    const result = await m.send(signIn);
    expect(result.attempts).toBe(2);
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]?.parsed.messageId).toBe(result.messageId);
    expect(log.events.find((e) => e.level === 'warn')?.message).toContain(String(code));
  });

  it('does not retry a 550', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'], mailFromReply: () => [550, '5.7.1 Sender rejected'] });
    const m = mailer({ host: s.host, port: s.port });
    const e = await sendError(m.send(signIn));
    expect(e).toMatchObject({ code: 'REJECTED', status: 550, retryable: false, attempts: 1, transport: 'smtp' });
    expect(e.message).toContain('Sender rejected');
    expect(s.mailFrom).toBe(1);
  });

  it('retries after the connection drops mid-DATA, and delivers exactly once', async () => {
    const s = await sink({ disabledCommands: ['STARTTLS'], dropDuringData: (n) => n === 1 });
    const m = mailer({ host: s.host, port: s.port });
    const result = await m.send(signIn);
    expect(result.attempts).toBe(2);
    expect(s.messages).toHaveLength(1);
    expect(s.connections).toBe(2);
  });

  it('gives up on a server that is down, after the allowed attempts', async () => {
    const port = await closedPort();
    const m = mailer({ host: '127.0.0.1', port });
    const e = await sendError(m.send(signIn));
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true, attempts: 3, detail: 'ECONNREFUSED' });
    expect(e.message).toMatch(/gave up after 3 attempts/);
  });

  it('times out an attempt on a server that never greets', async () => {
    const s = await sink({ onConnect: () => {} }); // never calls back: no 220 greeting
    const m = mailer(
      { host: s.host, port: s.port },
      { attemptTimeout: 300, deadline: 20_000, maxAttempts: 2, backoff: { initial: 10, max: 10 } },
    );
    const e = await sendError(m.send(signIn));
    expect(e).toMatchObject({ code: 'TIMEOUT', retryable: true, attempts: 2 });
    expect(s.messages).toHaveLength(0);
  });
});

describe('smtp transport, DKIM', () => {
  it('signs messages with a signature mailauth verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dns = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const m = mailer({
      host: s.host,
      port: s.port,
      dkim: { domainName: 'acme.example', keySelector: 'auth2026', privateKey: pem },
    });
    await m.send(signIn);
    const raw = s.messages[0]?.raw;
    if (!raw) throw new Error('no message');
    expect(raw.toString('latin1')).toMatch(/^DKIM-Signature: .*d=acme\.example/m);
    const resolver = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'auth2026._domainkey.acme.example') return [[`v=DKIM1; k=rsa; p=${dns}`]];
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    };
    const result = await dkimVerify(raw, { resolver });
    expect(result.results).toHaveLength(1);
    expect(result.results[0]).toMatchObject({ signingDomain: 'acme.example', selector: 'auth2026' });
    expect(result.results[0]?.status.result).toBe('pass');

    // and a tampered copy fails
    const tampered = Buffer.from(raw.toString('latin1').replace('482915', '000000'), 'latin1');
    const bad = await dkimVerify(tampered, { resolver });
    expect(bad.results[0]?.status.result).not.toBe('pass');
  });

  it('signs the headers authmail and the config add (h=), verified by dkimpy as well as mailauth', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    const s = await sink({ disabledCommands: ['STARTTLS'] });
    const m = mailer({
      host: s.host,
      port: s.port,
      customHeaders: { 'X-Env': 'prod' },
      dkim: { domainName: 'acme.example', keySelector: 'auth2026', privateKey: pem },
    });
    await m.send({ ...signIn, headers: { 'X-Campaign': 'otp' } });
    const raw = s.messages[0]?.raw;
    if (!raw) throw new Error('no message');
    const signature = /^DKIM-Signature: ([\s\S]*?)\r\n(?![ \t])/m.exec(raw.toString('latin1'))?.[1] ?? '';
    const h = /\bh=([^;]+)/.exec(signature.replace(/\s+/g, ''))?.[1]?.toLowerCase().split(':') ?? [];
    for (const name of ['from', 'subject', 'auto-submitted', 'content-language', 'x-env', 'x-campaign']) {
      expect(h, name).toContain(name);
    }
    // dkimpy (python3-dkim), an independent verifier, with the key handed over instead of looked up.
    const dkimpy = (message: Buffer) =>
      execFileSync(
        // Debian's interpreter, the one python3-dkim installs for.
        '/usr/bin/python3',
        [
          '-c',
          'import dkim, sys; print(dkim.verify(sys.stdin.buffer.read(), dnsfunc=lambda name, timeout=5: sys.argv[1].encode()))',
          record,
        ],
        { input: message, encoding: 'utf8' },
      ).trim();
    expect(dkimpy(raw)).toBe('True');
    // A relay that changes Content-Language breaks the signature.
    const relabeled = Buffer.from(
      raw.toString('latin1').replace(/^Content-Language: .*$/m, 'Content-Language: fr'),
      'latin1',
    );
    expect(dkimpy(relabeled)).toBe('False');
    const resolver = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'auth2026._domainkey.acme.example') return [[record]];
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    };
    expect((await dkimVerify(raw, { resolver })).results[0]?.status.result).toBe('pass');
    expect((await dkimVerify(relabeled, { resolver })).results[0]?.status.result).not.toBe('pass');
  });
});
