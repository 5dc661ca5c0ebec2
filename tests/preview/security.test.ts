/**
 * The preview refuses to act for any page but its own: a cross-site request
 * must not send email (through the local inbox or the project's configured
 * transport) or change state, whatever its body type, Origin or
 * Sec-Fetch-Site. And a malformed URL is a 4xx without a stack trace.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../authmail.config.ts';
import type { Meta } from '../../src/preview/protocol.ts';
import { copyProject, type ProjectCopy, type RunningPreview, startPreview } from '../fixtures/preview.ts';

let project: ProjectCopy;
let preview: RunningPreview;
let token: string;
let origin: string;

beforeAll(async () => {
  project = copyProject();
  preview = await startPreview(project.dir);
  origin = new URL(preview.url).origin;
  const page = await fetch(preview.url).then((r) => r.text());
  token = /<meta name="authmail-token" content="([^"]+)">/.exec(page)?.[1] ?? '';
  // Any template of the project, with its own sample values (this test does not depend on the content).
  const meta = (await fetch(new URL('/api/meta', preview.url)).then((r) => r.json())) as Meta;
  const template = meta.templates.find((t) => t.variables.some((v) => v.path === 'link')) ?? meta.templates[0];
  if (!template) throw new Error('the project has no template');
  phishing = {
    template: template.id,
    locale: meta.locales[0]?.tag ?? 'en',
    to: 'victim@example.com',
    variables: { ...template.sample, link: 'https://evil.example/phish' },
  };
});

afterAll(async () => {
  await preview?.stop();
  project?.remove();
});

/** The attack of the security review: an invitation to a phishing link, sent to a victim. */
let phishing: { template: string; locale: string; to: string; variables: Record<string, unknown> };

const request = (path: string, method: string, headers: Record<string, string>, body?: string) =>
  fetch(new URL(path, preview.url), { method, headers, ...(body !== undefined ? { body } : {}) });

async function inboxCount(): Promise<number> {
  const list = (await fetch(new URL('/api/inbox', preview.url)).then((r) => r.json())) as { messages: unknown[] };
  return list.messages.length;
}

const outboxFiles = () => {
  const dir = join(project.dir, 'outbox');
  return existsSync(dir) ? readdirSync(dir).length : 0;
};

describe('preview: cross-site requests', () => {
  it('writes a per-start token into the page only', () => {
    expect(token).toMatch(/^[\w-]{32}$/);
  });

  const json = () => JSON.stringify({ ...phishing, via: 'configured' });
  const form = () =>
    new URLSearchParams({ template: phishing.template, to: phishing.to, via: 'configured' }).toString();
  const attacks: [string, Record<string, string>, () => string][] = [
    ['text/plain from another origin', { 'content-type': 'text/plain', origin: 'https://evil.example' }, json],
    ['text/plain, cross-site, no Origin', { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' }, json],
    [
      'a form from another origin',
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      form,
    ],
    ['JSON from another origin', { 'content-type': 'application/json', origin: 'https://evil.example' }, json],
    ['JSON from another loopback port', { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' }, json],
    ['JSON, cross-site, no Origin', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, json],
    [
      'JSON, same-site (another port), no Origin',
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
      json,
    ],
    ['JSON without the token', { 'content-type': 'application/json' }, json],
    ['JSON with a wrong token', { 'content-type': 'application/json', 'x-authmail-token': 'x'.repeat(32) }, json],
  ];
  const endpoints: [string, string][] = [
    ['POST', '/api/send'],
    ['POST', '/api/render'],
    ['DELETE', '/api/inbox'],
  ];

  for (const [method, path] of endpoints) {
    for (const [name, headers, body] of attacks) {
      it(`${method} ${path}: refuses ${name}`, async () => {
        const r = await request(path, method, headers, method === 'DELETE' ? undefined : body());
        expect(r.status).toBe(403);
        const answer = (await r.json()) as { error: { code: string; message: string } };
        expect(answer.error.code).toMatch(/^(CROSS_SITE|BAD_ORIGIN|BAD_TOKEN)$/);
        expect(answer.error.message).toMatch(/Refused/);
      });
    }
  }

  it('refuses a body that is not JSON even with the token (415)', async () => {
    const r = await request('/api/send', 'POST', { 'content-type': 'text/plain', 'x-authmail-token': token }, json());
    expect(r.status).toBe(415);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('NOT_JSON');
  });

  it('sent nothing and wrote nothing for any refused request', async () => {
    expect(await inboxCount()).toBe(0);
    expect(outboxFiles()).toBe(0);
  });

  it('does what its own page asks: same origin, token, JSON', async () => {
    const headers = {
      'content-type': 'application/json',
      origin,
      'sec-fetch-site': 'same-origin',
      'x-authmail-token': token,
    };
    const sent = await request('/api/send', 'POST', headers, JSON.stringify({ ...phishing, via: 'configured' }));
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ ok: true });
    expect(outboxFiles()).toBeGreaterThan(0);
    const local = await request('/api/send', 'POST', headers, JSON.stringify(phishing));
    expect(await local.json()).toMatchObject({ ok: true });
    await expect.poll(inboxCount).toBe(1);
    const cleared = await request('/api/inbox', 'DELETE', { 'x-authmail-token': token, origin });
    expect(cleared.status).toBe(200);
    expect(await inboxCount()).toBe(0);
  });
});

describe('preview: framing and presets', () => {
  it('lets no other site frame any of its pages (CSP frame-ancestors and X-Frame-Options)', async () => {
    for (const path of [
      '/',
      '/api/meta',
      '/nope',
      `/__sheet?template=${phishing.template}&locale=${phishing.locale}`,
    ]) {
      const r = await fetch(new URL(path, preview.url));
      expect(r.headers.get('content-security-policy'), path).toMatch(/(^|; )frame-ancestors 'self'(;|$)/);
      expect(r.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
    }
  });

  it('looks brand presets up as the config’s own names: constructor, __proto__, toString are no presets', async () => {
    const headers = { 'content-type': 'application/json', origin, 'x-authmail-token': token };
    for (const brand of ['constructor', '__proto__', 'toString']) {
      const r = await request(
        '/api/render',
        'POST',
        headers,
        JSON.stringify({ template: phishing.template, locale: phishing.locale, brand, variables: phishing.variables }),
      );
      const answer = (await r.json()) as { ok: boolean; error?: { message: string } };
      expect(answer.ok, brand).toBe(false);
      expect(answer.error?.message, brand).toContain(`No brand preset "${brand}"`);
    }
  });
});

describe('preview: malformed requests', () => {
  const badAsset = `/__assets?url=${encodeURIComponent(`${config.assets?.baseUrl ?? 'https://x.example/'}%E0%A4%A`)}`;
  for (const path of [badAsset, '/%E0%A4%A', '/api/inbox/%E0%A4%A']) {
    it(`answers ${path} without a server error or stack`, async () => {
      const r = await fetch(new URL(path, preview.url));
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(await r.text()).not.toMatch(/\n\s+at /);
    });
  }

  it('answers a body that is not JSON with 400 and no stack', async () => {
    const r = await request(
      '/api/render',
      'POST',
      { 'content-type': 'application/json', 'x-authmail-token': token },
      '{"template": ',
    );
    expect(r.status).toBe(400);
    const answer = (await r.json()) as { error: { code: string; stack?: string } };
    expect(answer.error.code).toBe('BAD_REQUEST');
    expect(answer.error.stack).toBeUndefined();
  });
});
