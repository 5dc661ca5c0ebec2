/**
 * The mailer: every bad input is refused before anything is sent, with an
 * error that names the problem; the outbox transport; delivery semantics with
 * transports written against the public interface; and the module's
 * React-free import graph.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnknownLocaleError, UnknownTemplateError, VariableError } from '../../src/core/errors.ts';
import { parseMailbox } from '../../src/mail/message.ts';
import { backoffDelay } from '../../src/mail/retry.ts';
import type { Bundle } from '../../src/runtime/index.ts';
import {
  AddressError,
  createMailer,
  createOutboxTransport,
  DEFAULT_DELIVERY,
  HeaderError,
  type OutboxRecord,
  type OutgoingMessage,
  SendError,
  type Transport,
  type TransportResult,
} from '../../src/send/index.ts';
import { collectLog, fastRetries, testBundle } from '../fixtures/send.ts';

let bundle: Bundle;
let dir: string;

beforeAll(async () => {
  bundle = (await testBundle()).bundle;
  dir = await mkdtemp(join(tmpdir(), 'authmail-outbox-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A transport that records what it gets and answers from a script. */
function scripted(...answers: ((m: OutgoingMessage, signal: AbortSignal) => Promise<TransportResult>)[]) {
  const calls: OutgoingMessage[] = [];
  const transport: Transport = {
    name: 'scripted',
    send(message, { signal }) {
      calls.push(message);
      const answer = answers[Math.min(calls.length, answers.length) - 1];
      if (!answer) throw new Error('no answer scripted');
      return answer(message, signal);
    },
  };
  return { transport, calls };
}
const ok = async (m: OutgoingMessage): Promise<TransportResult> => ({
  messageId: m.messageId,
  accepted: [m.to.address],
});
const transient = async (): Promise<TransportResult> => {
  throw new SendError({
    code: 'TEMPORARY_FAILURE',
    transport: 'scripted',
    retryable: true,
    status: 451,
    message: '451 later',
  });
};

const mailerWith = (transport: Transport, extra: Partial<Parameters<typeof createMailer>[0]> = {}) =>
  createMailer({ bundle, transport, from: 'Acme <no-reply@acme.example>', delivery: fastRetries, ...extra });

const signIn = { template: 'sign-in', to: 'ada@example.com', variables: { code: '482915' } };

describe('outbox transport (the default)', () => {
  it('writes the .eml a server would receive and a JSON sidecar; nothing leaves the machine', async () => {
    const outbox = join(dir, 'outbox-1');
    const m = createMailer({
      bundle,
      transport: createOutboxTransport({ dir: outbox }),
      from: { name: 'Acme', address: 'no-reply@acme.example' },
      replyTo: 'support@acme.example',
    });
    const result = await m.send({ ...signIn, locale: 'ar-EG', variables: { code: '482915', expiresInMinutes: 5 } });
    expect(result).toMatchObject({ transport: 'outbox', accepted: ['ada@example.com'], attempts: 1, locale: 'ar' });
    const files = (await readdir(outbox)).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => !f.endsWith('.tmp'))).toBe(true);
    const eml = files.find((f) => f.endsWith('.eml')) as string;
    const json = files.find((f) => f.endsWith('.json')) as string;
    expect(result.response).toContain(eml);

    const parsed = await simpleParser(await readFile(join(outbox, eml)));
    expect(parsed.messageId).toBe(result.messageId);
    expect(parsed.text).toContain('482915');
    expect(parsed.html).toContain('dir="rtl"');
    expect(parsed.replyTo?.value[0]?.address).toBe('support@acme.example');

    const record = JSON.parse(await readFile(join(outbox, json), 'utf8')) as OutboxRecord;
    expect(record).toMatchObject({
      messageId: result.messageId,
      from: 'Acme <no-reply@acme.example>',
      to: 'ada@example.com',
      replyTo: 'support@acme.example',
      template: 'sign-in',
      logtoType: 'SignIn',
      locale: 'ar',
      dir: 'rtl',
      variables: { code: '482915', expiresInMinutes: 5 },
      eml,
    });
    expect(record.subject).toBe(parsed.subject);
  });

  it('reports a folder it cannot write as a permanent failure', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const m = createMailer({
      bundle,
      transport: createOutboxTransport({ dir: join(file, 'outbox') }),
      from: 'no-reply@acme.example',
    });
    const e = (await m.send(signIn).catch((x) => x)) as SendError;
    expect(e).toBeInstanceOf(SendError);
    expect(e).toMatchObject({ code: 'TRANSPORT_FAILED', transport: 'outbox', retryable: false, attempts: 1 });
    expect(e.message).toContain(`cannot write to ${join(file, 'outbox')}`);
  });
});

describe('bad input is refused before anything is sent', () => {
  const { transport, calls } = scripted(ok);
  const m = {
    send: (input: Parameters<ReturnType<typeof mailerWith>['send']>[0]) => mailerWith(transport).send(input),
  };

  it.each([
    [{ template: 'sign-on' }, UnknownTemplateError, /Unknown template "sign-on"\. Known templates: sign-in/],
    [{ locale: 'de_DE_x_123456789' }, UnknownLocaleError, /Unknown locale "de_DE_x_123456789"/],
    [{ variables: {} }, VariableError, /variable "code" is required/],
    [{ variables: { code: '<script>' } }, VariableError, /variable "code" must be/],
    [{ variables: { code: '123456', application: { id: 'a' } } }, VariableError, /variable "application\.name"/],
  ])('%j', async (patch, type, message) => {
    await expect(m.send({ ...signIn, ...patch })).rejects.toThrow(type);
    await expect(m.send({ ...signIn, ...patch })).rejects.toThrow(message);
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['', /is empty/],
    ['ada.example.com', /has no "@"/],
    ['ada@example', /domain "example" has no dot/],
    ['ada @example.com', /contains a space/],
    ['.ada@example.com', /leading, trailing or double dot/],
    ['ada@exa_mple.com', /not a valid host name/],
    ['ada@[127.0.0.1]', /address literals/],
    ['ada@example.com\r\nBcc: eve@example.com', /line break or control character/],
    ['ada@example.com, eve@example.com', /expected one address/],
    ['Ada <ada@example.com>; Eve <eve@example.com>', /expected one address|contains/],
    [`${'a'.repeat(65)}@example.com`, /longer than 64 characters/],
  ])('recipient %j', async (to, reason) => {
    const error = await m.send({ ...signIn, to }).catch((e) => e);
    expect(error).toBeInstanceOf(AddressError);
    expect(error).toMatchObject({ code: 'INVALID_ADDRESS', field: 'to' });
    expect(error.message).toMatch(/^Invalid recipient address/);
    expect(error.message).toMatch(reason);
    expect(calls).toHaveLength(0);
  });

  it.each([
    [{ Bcc: 'eve@example.com' }, /"Bcc".*set by authmail/],
    [{ Subject: 'x' }, /"Subject".*set by authmail/],
    [{ 'X-Trace': 'a\r\nBcc: eve@example.com' }, /"X-Trace".*line break/],
    [{ 'Bad Name': 'x' }, /"Bad Name".*printable ASCII/],
  ])('header %j', async (headers, message) => {
    const error = await m.send({ ...signIn, headers }).catch((e) => e);
    expect(error).toBeInstanceOf(HeaderError);
    expect(error.code).toBe('INVALID_HEADER');
    expect(error.message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('a bad From or Reply-To when the mailer is created', () => {
    expect(() => mailerWith(transport, { from: 'Acme <no-reply@acme>' })).toThrow(/Invalid sender \(from\) address/);
    expect(() => mailerWith(transport, { replyTo: 'support' })).toThrow(/Invalid reply-to address "support"/);
  });

  it('accepts display names and international domains', () => {
    expect(parseMailbox('"Ada, L." <ada@example.com>', 'to')).toEqual({ name: 'Ada, L.', address: 'ada@example.com' });
    expect(parseMailbox('ada@bücher.example', 'to')).toEqual({ address: 'ada@bücher.example' });
    expect(parseMailbox({ name: 'Ada', address: ' ada@example.com ' }, 'to')).toEqual({
      name: 'Ada',
      address: 'ada@example.com',
    });
  });
});

describe('locale', () => {
  it("takes the send's locale, then the variables' locale and uiLocales, then the default, then en", async () => {
    const { transport, calls } = scripted(ok);
    const withDefault = mailerWith(transport, { defaults: { locale: 'de' } });
    const localeOf = async (input: { locale?: string; variables?: Record<string, unknown> }, m = withDefault) => {
      await m.send({ ...signIn, ...input, variables: { code: '482915', ...input.variables } });
      return calls.at(-1)?.context.locale;
    };
    expect(await localeOf({ locale: 'ar' })).toBe('ar');
    expect(await localeOf({ variables: { code: '482915', locale: 'ar-EG' } })).toBe('ar');
    expect(await localeOf({ variables: { code: '482915', uiLocales: 'nl ar' } })).toBe('ar');
    expect(await localeOf({ variables: { code: '482915', locale: 'nl' } })).toBe('de');
    expect(await localeOf({})).toBe('de');
    expect(await localeOf({}, mailerWith(transport))).toBe('en');
    // The caller's variables reach the transport as given.
    await withDefault.send({ ...signIn, variables: { code: '482915', uiLocales: 'ar' } });
    expect(calls.at(-1)?.context.variables.uiLocales).toBe('ar');
  });
});

describe('where the request came from', () => {
  it("shows the send's ip as request.ip where the template declares it, unless the variables give one", async () => {
    const { transport, calls } = scripted(ok);
    const mailer = mailerWith(transport);
    const ipLine = () =>
      calls
        .at(-1)
        ?.text.split('\n')
        .find((l) => l.startsWith('IP'));
    await mailer.send({ ...signIn, ip: '203.0.113.7', variables: { code: '482915' } });
    expect(ipLine()).toBe('IP: 203.0.113.7');
    await mailer.send({ ...signIn, ip: '203.0.113.7', variables: { code: '482915', request: { device: 'Firefox' } } });
    expect(ipLine()).toBe('IP: 203.0.113.7');
    expect(calls.at(-1)?.text).toContain('Browser: Firefox');
    await mailer.send({ ...signIn, ip: '203.0.113.7', variables: { code: '482915', request: { ip: '198.51.100.2' } } });
    expect(ipLine()).toBe('IP: 198.51.100.2');
    await mailer.send({ ...signIn, variables: { code: '482915' } });
    expect(ipLine()).toBeUndefined();
    // A template without request.ip is sent as it is; the ip stays the transport's to pass on.
    await mailer.send({ template: 'generic', to: signIn.to, ip: '203.0.113.7', variables: { code: '482915' } });
    expect(calls.at(-1)?.text).not.toContain('203.0.113.7');
    expect(calls.at(-1)?.context.ip).toBe('203.0.113.7');
  });

  it('refuses a request that is not an object, naming it', async () => {
    const mailer = mailerWith(scripted(ok).transport);
    await expect(
      mailer.send({ ...signIn, ip: '203.0.113.7', variables: { code: '482915', request: 'from Berlin' } }),
    ).rejects.toMatchObject({ code: 'INVALID_VARIABLE', variable: 'request' });
  });
});

describe('delivery semantics', () => {
  it('sends once on success, and never again', async () => {
    const { transport, calls } = scripted(ok);
    const r = await mailerWith(transport).send(signIn);
    expect(r.attempts).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toHaveLength(1);
  });

  it('retries transient failures with the same message (same Message-ID), then stops at the success', async () => {
    const { transport, calls } = scripted(transient, transient, ok, ok);
    const log = collectLog();
    const r = await mailerWith(transport, { log: log.log }).send(signIn);
    expect(r.attempts).toBe(3);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.messageId)).size).toBe(1);
    expect(log.events.filter((e) => e.level === 'warn')).toHaveLength(2);
    expect(log.events.at(-1)).toMatchObject({ level: 'info', messageId: r.messageId });
  });

  it('never drops silently: a transport that accepts nobody is a rejection', async () => {
    const { transport } = scripted(async (m) => ({ messageId: m.messageId, accepted: [], response: '250 but nobody' }));
    const e = (await mailerWith(transport)
      .send(signIn)
      .catch((x) => x)) as SendError;
    expect(e).toMatchObject({ code: 'REJECTED', retryable: false, attempts: 1 });
    expect(e.message).toMatch(/ada@example\.com was not accepted/);
  });

  it('classifies an unexpected transport error instead of losing it', async () => {
    const { transport } = scripted(async () => {
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    });
    const e = (await mailerWith(transport)
      .send(signIn)
      .catch((x) => x)) as SendError;
    expect(e).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true, attempts: 3, detail: 'ECONNRESET' });
  });

  it('stops waiting for a transport that ignores its signal, at the attempt timeout', async () => {
    const { transport, calls } = scripted(() => new Promise(() => {}));
    const e = (await mailerWith(transport, {
      delivery: { attemptTimeout: 200, deadline: 10_000, maxAttempts: 2, backoff: { initial: 10, max: 10 } },
    })
      .send(signIn)
      .catch((x) => x)) as SendError;
    expect(e).toMatchObject({ code: 'TIMEOUT', attempts: 2 });
    expect(calls).toHaveLength(2);
  });

  it("aborts on the caller's signal, without further attempts", async () => {
    const controller = new AbortController();
    const { transport, calls } = scripted(
      (_m, signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
          controller.abort();
        }),
    );
    const e = (await mailerWith(transport)
      .send({ ...signIn, signal: controller.signal })
      .catch((x) => x)) as SendError;
    expect(e).toMatchObject({ code: 'ABORTED', retryable: false, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('redacts secrets from errors and log lines', async () => {
    const { transport } = scripted(async () => {
      throw new SendError({
        code: 'AUTH_FAILED',
        transport: 'scripted',
        retryable: false,
        message: 'server said: bad key sk_live_abcdef123456',
      });
    });
    const log = collectLog();
    const e = (await mailerWith(transport, { log: log.log, secrets: ['sk_live_abcdef123456'] })
      .send(signIn)
      .catch((x) => x)) as SendError;
    expect(e.message).toBe('scripted: server said: bad key [redacted] (permanent failure, 1 attempt)');
    expect(log.text()).not.toContain('sk_live');
  });

  it('backs off exponentially with jitter, within bounds', () => {
    const b = DEFAULT_DELIVERY.backoff;
    for (let attempt = 1; attempt <= 8; attempt++) {
      const base = Math.min(b.max, b.initial * b.factor ** (attempt - 1));
      expect(backoffDelay(attempt, b, () => 0)).toBe(base / 2);
      expect(backoffDelay(attempt, b, () => 1)).toBe(base);
    }
    expect(backoffDelay(2, b, () => 0.5)).toBeGreaterThan(backoffDelay(1, b, () => 0.5));
  });
});

describe('authmail/send', () => {
  it('is exported as "./send" and loads no React, React Email, i18next or development render', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { default: string }> };
    expect(pkg.exports['./send']?.default).toBe('./lib/send/index.js');
    const out = execFileSync(process.execPath, ['tests/fixtures/loaded-modules.mjs', 'src/send/index.ts'], {
      encoding: 'utf8',
    });
    const urls = JSON.parse(out) as string[];
    expect(urls.some((u) => u.endsWith('/src/mail/mailer.ts'))).toBe(true);
    // nodemailer loads with the first SMTP transport; zod with the config schema.
    expect(urls.some((u) => u.includes('/node_modules/zod/'))).toBe(true);
    expect(urls.filter((u) => u.includes('/node_modules/nodemailer/'))).toEqual([]);
    const forbidden = urls.filter((u) =>
      /node_modules\/(react|react-dom|react-email|@react-email|i18next|html-to-text)\/|\/src\/render\/|\/src\/build\/|\/emails\//.test(
        u,
      ),
    );
    expect(forbidden).toEqual([]);
  });
});
