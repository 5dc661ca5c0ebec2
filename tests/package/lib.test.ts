/**
 * `authmail/runtime`, `authmail/send`, `authmail/serve` and `authmail/hosted` compiled to JavaScript
 * work in plain Node — no tsx — which is what a backend ships next to dist/.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBundles, writeBundles } from '../../src/build/build.ts';
import { testBrand } from '../fixtures/brand.ts';
import { logtoCatalog, logtoTranslations } from '../fixtures/logto-content.tsx';

let dir: string;
beforeAll(async () => {
  // Inside the repository, so `import 'nodemailer'` resolves from node_modules as it would for a user.
  await mkdir('.cache', { recursive: true });
  dir = await mkdtemp(resolve('.cache/lib-'));
  execFileSync(process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'tsconfig.lib.json',
    '--outDir',
    join(dir, 'lib'),
  ]);
  await writeBundles(
    await buildBundles({
      catalog: logtoCatalog,
      translations: logtoTranslations,
      templates: ['sign-in'],
      locales: ['en', 'de'],
      brand: testBrand,
    }),
    join(dir, 'dist'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const plainNode = (script: string) =>
  JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }));

it('renders from a bundle with the compiled runtime', () => {
  const out = plainNode(`
    const { loadBundle } = await import(${JSON.stringify(join(dir, 'lib/runtime/index.js'))});
    const bundle = await loadBundle('dist');
    const email = bundle.render('sign-in', { locale: 'de-AT', variables: { code: '112233' } });
    let error;
    try { bundle.render('sign-in', { variables: {} }); } catch (e) { error = { name: e.name, code: e.code, variable: e.variable }; }
    console.log(JSON.stringify({ locale: email.locale, text: email.text, error }));
  `) as { locale: string; text: string; error: unknown };
  expect(out.locale).toBe('de');
  expect(out.text).toContain('112233');
  expect(out.error).toEqual({ name: 'VariableError', code: 'MISSING_VARIABLE', variable: 'code' });
});

it('sends to the outbox with the compiled sender', async () => {
  const out = plainNode(`
    const { loadBundle } = await import(${JSON.stringify(join(dir, 'lib/runtime/index.js'))});
    const { createMailer, createOutboxTransport } = await import(${JSON.stringify(join(dir, 'lib/send/index.js'))});
    const mailer = createMailer({
      bundle: await loadBundle('dist'),
      transport: createOutboxTransport({ dir: 'outbox' }),
      from: 'Acme <no-reply@acme.example>',
    });
    const result = await mailer.send({ template: 'sign-in', to: 'mina@example.com', variables: { code: '445566' } });
    console.log(JSON.stringify({ transport: result.transport, accepted: result.accepted }));
  `) as { transport: string; accepted: string[] };
  expect(out).toEqual({ transport: 'outbox', accepted: ['mina@example.com'] });
  expect((await readdir(join(dir, 'outbox'))).some((f) => f.endsWith('.eml'))).toBe(true);
});

it('serves Logto requests with the compiled server (authmail/serve)', () => {
  const out = plainNode(`
    const { parseConfig } = await import(${JSON.stringify(join(dir, 'lib/config/index.js'))});
    const { serveFromConfig } = await import(${JSON.stringify(join(dir, 'lib/serve/index.js'))});
    const config = parseConfig({
      brand: { senderName: 'Acme', fromAddress: 'no-reply@acme.example', productName: 'Acme', companyInformation: 'Acme Inc.',
        logoUrl: 'https://static.acme.example/logo.png', logoWidth: 120, logoHeight: 36, primaryColor: '#4f46e5',
        supportEmail: 'support@acme.example', supportUrl: 'https://help.acme.example' },
      send: { transports: { outbox: { dir: 'outbox-serve' } } },
      serve: { authorization: 'Bearer compiled-0123456789abcdef', port: 0, strictTypes: true, logLevel: 'silent' },
    });
    const server = await serveFromConfig(config, { bundleDir: 'dist' });
    const post = (type) => fetch(server.url + '/', {
      method: 'POST',
      headers: { authorization: 'Bearer compiled-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'mina@example.com', type, payload: { code: '445566', locale: 'de' } }),
    });
    const ok = await post('SignIn');
    const body = await ok.json();
    const unknown = await post('Register'); // not in this bundle; strict → 422
    await server.close();
    console.log(JSON.stringify({ status: ok.status, template: body.template, locale: body.locale, unknown: unknown.status }));
  `) as { status: number; template: string; locale: string; unknown: number };
  expect(out).toEqual({ status: 200, template: 'sign-in', locale: 'de', unknown: 422 });
});

it("computes a provider-hosted template's data with the compiled authmail/hosted", () => {
  const out = plainNode(`
    const { loadBundle } = await import(${JSON.stringify(join(dir, 'lib/runtime/index.js'))});
    const { templateData, templateName } = await import(${JSON.stringify(join(dir, 'lib/hosted/index.js'))});
    const bundle = await loadBundle('dist');
    const { locale, data } = templateData(bundle, 'sign-in', {
      locale: 'de',
      variables: { code: '445566', application: { id: 'app', name: 'Tom & Jerry' }, expiresInMinutes: 15 },
    });
    console.log(JSON.stringify({ name: templateName('sign-in', locale), locale, data }));
  `) as { name: string; locale: string; data: Record<string, unknown> };
  expect(out).toMatchObject({
    name: 'authmail-sign-in-de',
    locale: 'de',
    data: {
      code: '445566',
      application: { name: 'Tom & Jerry' },
      expiresIn: '15 Minuten',
      html: { application: { name: 'Tom &amp; Jerry' }, expiresIn: '15 Minuten' },
    },
  });
});
