/**
 * `authmail serve` end to end: Logto-shaped requests for all nine template
 * types go through the server and the SMTP transport to a loopback
 * smtp-server sink; each received message is parsed with mailparser and
 * checked for the right template, locale, variables and both parts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, TOKEN } from '../fixtures/serve.ts';

const application = {
  id: 'app_7f3k2',
  name: 'acme-cloud-prod',
  displayName: 'Acme Cloud',
  branding: { logoUrl: 'https://cdn.acme.example/app.png', favicon: 'https://cdn.acme.example/favicon.ico' },
};
const organization = { id: 'org_91x', name: 'Northwind Traders', branding: {} };
// Logto's UserContextInfo: more fields than the templates read, some null.
const user = {
  id: 'usr_4kq9',
  name: 'Mina Park',
  username: 'mina',
  primaryEmail: 'mina.park@example.com',
  primaryPhone: null,
  avatar: null,
  profile: {},
};
const inviter = { id: 'usr_77aa', name: 'Jon Ito', username: 'jon', primaryEmail: 'jon@northwind.example' };

interface Case {
  type: string;
  template: string;
  locale: string;
  payload: Record<string, unknown>;
  ip?: string;
  /** Values the email must show in both parts. */
  shows: string[];
}

const cases: Case[] = [
  {
    type: 'SignIn',
    template: 'sign-in',
    locale: 'de',
    payload: { code: '482915', locale: 'de-AT', uiLocales: 'de-AT de en', application },
    ip: '203.0.113.7',
    // Logto's envelope ip, shown as the request's IP: the fixture's sign-in declares logto.request.
    shows: ['482915', 'Acme Cloud', '203.0.113.7'],
  },
  {
    type: 'Register',
    template: 'sign-up',
    locale: 'ar',
    payload: { code: '730214', locale: 'ar', application, organization },
    shows: ['730214', 'Acme Cloud'],
  },
  {
    type: 'ForgotPassword',
    template: 'reset-password',
    locale: 'pt-BR',
    // No locale: the first supported tag of ui_locales wins.
    payload: { code: '118822', uiLocales: 'xx-YY pt-BR en', application },
    shows: ['118822'],
  },
  {
    type: 'MfaVerification',
    template: 'mfa-verification',
    locale: 'en',
    payload: { code: '661204', locale: 'en-US', application, user },
    ip: '2001:db8::1',
    shows: ['661204', 'Mina Park'],
  },
  {
    type: 'BindMfa',
    template: 'bind-mfa',
    locale: 'de',
    payload: { code: '550021', locale: 'de', user, application },
    shows: ['550021', 'Mina Park'],
  },
  {
    type: 'BindNewIdentifier',
    template: 'link-account',
    locale: 'en',
    payload: { code: '903311', user },
    shows: ['903311', 'Mina Park'],
  },
  {
    type: 'UserPermissionValidation',
    template: 'verify-operation',
    locale: 'ar',
    payload: { code: '274610', locale: 'ar-EG', user, application },
    shows: ['274610', 'Mina Park'],
  },
  {
    type: 'OrganizationInvitation',
    template: 'organization-invitation',
    locale: 'pt-BR',
    payload: { link: 'https://acme.example/invite/k3J9xQ', locale: 'pt-BR', organization, inviter },
    shows: ['https://acme.example/invite/k3J9xQ', 'Northwind Traders', 'Jon Ito'],
  },
  {
    type: 'Generic',
    template: 'generic',
    locale: 'en',
    // Logto's connector test send.
    payload: { code: '000000' },
    shows: ['000000'],
  },
];

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('authmail serve: the nine Logto template types', () => {
  it.each(cases)('$type → $template ($locale), received by SMTP with both parts', async (c) => {
    const to = `${c.template}@example.com`;
    const reply = await t.post({ to, type: c.type, payload: c.payload, ...(c.ip ? { ip: c.ip } : {}) });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      ok: true,
      template: c.template,
      locale: c.locale,
      transport: 'smtp',
      attempts: 1,
    });

    const received = t.sink?.messages.filter((m) => m.to.includes(to)) ?? [];
    expect(received).toHaveLength(1);
    const msg = received[0];
    if (!msg) throw new Error('no message');
    const p = msg.parsed;
    expect(p.messageId).toBe(reply.json.messageId);
    expect(msg.from).toBe('no-reply@acme.example');

    // The right template in the right locale, with these variables: exactly what the runtime renders.
    const declaresIp = t.bundle.manifest.templates[c.template]?.variables.some((v) => v.path === 'request.ip');
    const variables = c.ip && declaresIp ? { ...c.payload, request: { ip: c.ip } } : c.payload;
    const expected = t.bundle.render(c.template, { locale: c.locale, variables });
    expect(p.subject).toBe(expected.subject);
    expect(p.headers.get('content-language')).toBe(c.locale);
    expect(p.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(p.text?.trimEnd()).toBe(expected.text.trimEnd());
    expect(p.html).toBe(expected.html);
    expect(p.html).toContain(`lang="${c.locale}"`);
    if (c.locale === 'ar') expect(p.html).toContain('dir="rtl"');
    // Shown: in the text part, and in what the HTML reads (the code is in groups: spans with a gap).
    const htmlText = typeof p.html === 'string' ? p.html.replace(/<[^>]*>/g, '') : '';
    for (const value of c.shows) {
      expect(p.text).toContain(value);
      expect(htmlText).toContain(value);
    }
    // Nothing unfilled.
    expect(`${p.subject}${p.text}${p.html}`).not.toContain('{{');
  });

  it('every type renders a different subject (the template is identified by it)', () => {
    const subjects = cases.map((c) => t.bundle.render(c.template, { locale: 'en', variables: c.payload }).subject);
    expect(new Set(subjects).size).toBe(cases.length);
  });

  it('falls back to Generic for a type it does not know, as Logto does', async () => {
    const reply = await t.post({ to: 'new-type@example.com', type: 'SomeFutureType', payload: { code: '445566' } });
    expect(reply.status).toBe(200);
    expect(reply.json.template).toBe('generic');
    const msg = t.sink?.messages.find((m) => m.to.includes('new-type@example.com'));
    expect(msg?.parsed.subject).toBe(t.bundle.render('generic', { variables: { code: '445566' } }).subject);
  });

  it('accepts "Name <address>", ignores unknown top-level fields and extra payload fields', async () => {
    const reply = await t.post({
      to: 'Ada Lovelace <ada.l@example.com>',
      type: 'SignIn',
      payload: { code: '101010', application, somethingNew: { nested: true }, expiresInMinutes: 15 },
      rendered: { subject: 'ignored' },
    });
    expect(reply.status, reply.text).toBe(200);
    const msg = t.sink?.messages.find((m) => m.to.includes('ada.l@example.com'));
    expect(msg?.parsed.to && !Array.isArray(msg.parsed.to) ? msg.parsed.to.value : []).toEqual([
      { name: 'Ada Lovelace', address: 'ada.l@example.com' },
    ]);
    expect(msg?.parsed.text).toContain('15');
  });

  it('logs one JSON line per request: status, type, template, locale, duration, masked recipient, result', () => {
    const lines = t.logs('request').filter((l) => l.status === 200);
    expect(lines.length).toBeGreaterThanOrEqual(cases.length);
    const signIn = lines.find((l) => l.type === 'SignIn');
    expect(signIn).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/',
      status: 200,
      template: 'sign-in',
      locale: 'de',
      to: 's***@example.com',
      ip: '203.0.113.7',
      result: 'accepted',
      transport: 'smtp',
      attempts: 1,
    });
    expect(typeof signIn?.durationMs).toBe('number');
    expect(typeof signIn?.requestId).toBe('string');
    expect(signIn?.messageId).toMatch(/^<.+@acme\.example>$/);
  });

  it('never logs codes, links, variables, the Authorization value or full recipient addresses', () => {
    const all = t.lines.join('\n');
    const forbidden = [
      TOKEN,
      TOKEN.slice('Bearer '.length),
      ...cases.flatMap((c) => [c.payload.code, c.payload.link].filter((v): v is string => typeof v === 'string')),
      'k3J9xQ',
      'Mina Park',
      'mina.park@example.com',
      'Acme Cloud',
      'Northwind Traders',
      'Jon Ito',
      ...cases.map((c) => `${c.template}@example.com`),
      'ada.l@example.com',
    ];
    for (const value of forbidden) expect(all, value).not.toContain(value);
  });
});

describe('authmail serve: locale and configuration', () => {
  it('uses send.defaults.locale when the request names none, and payload.locale / uiLocales before it', async () => {
    const s = await startTestServer({ defaults: { locale: 'de' } });
    try {
      const none = await s.post({ to: 'a1@example.com', type: 'SignIn', payload: { code: '123456' } });
      expect(none.json.locale).toBe('de');
      const ui = await s.post({ to: 'a2@example.com', type: 'SignIn', payload: { code: '123456', uiLocales: 'ar' } });
      expect(ui.json.locale).toBe('ar');
      const explicit = await s.post({
        to: 'a3@example.com',
        type: 'SignIn',
        payload: { code: '123456', locale: 'en' },
      });
      expect(explicit.json.locale).toBe('en');
      // A tag nobody supports: uiLocales, then the configured default.
      const unknown = await s.post({ to: 'a4@example.com', type: 'SignIn', payload: { code: '123456', locale: 'sv' } });
      expect(unknown.json.locale).toBe('de');
      expect(s.sink?.messages.map((m) => m.parsed.headers.get('content-language'))).toEqual(['de', 'ar', 'en', 'de']);
    } finally {
      await s.close();
    }
  });

  it('serves POST on the configured path only', async () => {
    const s = await startTestServer({ settings: { path: '/logto/email' } });
    try {
      const ok = await s.post(
        { to: 'p@example.com', type: 'SignIn', payload: { code: '123456' } },
        { path: '/logto/email' },
      );
      expect(ok.status).toBe(200);
      const root = await s.post({ to: 'p@example.com', type: 'SignIn', payload: { code: '123456' } });
      expect(root.status).toBe(404);
      expect(root.json.error.code).toBe('NOT_FOUND');
      expect(s.sink?.messages).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('answers /healthz', async () => {
    const reply = await t.post(undefined, { method: 'GET', path: '/healthz', auth: null });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ status: 'ok', rateLimitStore: { store: 'memory', status: 'ok' } });
    expect(reply.headers['x-request-id']).toBeTruthy();
  });

  it('echoes a well-formed X-Request-Id and logs it', async () => {
    const reply = await t.post(
      { to: 'rid@example.com', type: 'SignIn', payload: { code: '123456' } },
      { headers: { 'x-request-id': 'req-42' } },
    );
    expect(reply.headers['x-request-id']).toBe('req-42');
    expect(t.logs().some((l) => l.requestId === 'req-42' && l.status === 200)).toBe(true);
  });
});
