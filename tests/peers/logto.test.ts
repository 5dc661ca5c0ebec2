/**
 * authmail with Logto's own published packages (tests/peers/logto), on the
 * tests' Logto content: the HTTP email connector posting every type to
 * `authmail serve`; the SMTP connector sending the exported templates (as
 * Logto core looks them up, by type and language) to a loopback SMTP server;
 * connector-kit's substitution over every export with every payload Logto
 * can send; `@logto/schemas`' guards over the Management API body.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { LOGTO_TEMPLATE_TYPES } from '../../src/email/logto.ts';
import { logtoManagementBody } from '../../src/providers/logto/push.ts';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { wholeCode } from '../fixtures/hosted-check.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';
import { guaranteedPayload, logtoPayloads, MARKUP } from '../fixtures/logto-payloads.ts';
import { logtoPeer } from '../fixtures/logto-peers.ts';
import { connectorKit, expectLogtoSafe, expectManagementBodyValid, logtoExports } from '../fixtures/logto-safety.ts';
import { startTestServer, type TestServer, TOKEN } from '../fixtures/serve.ts';
import { type SmtpSink, startSmtp } from '../fixtures/smtp.ts';

type SendMessage = (
  data: { to: string; type: string; payload: Record<string, unknown> },
  config?: unknown,
) => Promise<unknown>;
type CreateConnector = (helpers: {
  getConfig: () => Promise<unknown>;
  getI18nEmailTemplate?: (type: string, locale?: string) => Promise<unknown>;
}) => Promise<{ sendMessage: SendMessage }>;

const TYPES = LOGTO_TEMPLATE_TYPES;

let bundle: Bundle;
beforeAll(async () => {
  const output = await buildBundles({ catalog, translations, brand: testBrand });
  bundle = createBundle(output.manifest, output.sources);
});

const templateOf = (type: string) => catalog.forLogtoType(type) as string;

describe("Logto's HTTP email connector → authmail serve", () => {
  let server: TestServer;
  let send: SendMessage;
  beforeAll(async () => {
    server = await startTestServer({ bundle });
    const create = (await logtoPeer<{ default: CreateConnector }>('@logto/connector-http-email')).default;
    send = (await create({ getConfig: async () => ({ endpoint: `${server.url}/`, authorization: TOKEN }) }))
      .sendMessage;
  });
  afterAll(() => server?.close());

  it.each(TYPES)('%s arrives as the runtime renders it', async (type) => {
    const [, payload] = logtoPayloads(type).find(([kind]) => kind === 'full') as [string, Record<string, unknown>];
    const to = `${type.toLowerCase()}@example.com`;
    await send({ to, type, payload: { ...payload, locale: 'de' } });
    const received = server.sink?.messages.filter((m) => m.to.includes(to)) ?? [];
    expect(received).toHaveLength(1);
    const expected = bundle.render(templateOf(type), { locale: 'de', variables: { ...payload, locale: 'de' } });
    expect(received[0]?.parsed.subject).toBe(expected.subject);
    expect(received[0]?.parsed.html).toBe(expected.html);
  });

  it('a refused request makes the connector throw with authmail’s answer (Logto shows a general error)', async () => {
    const create = (await logtoPeer<{ default: CreateConnector }>('@logto/connector-http-email')).default;
    const wrong = await create({
      getConfig: async () => ({ endpoint: `${server.url}/`, authorization: 'Bearer wrong' }),
    });
    const error = await wrong.sendMessage({ to: 'a@example.com', type: 'SignIn', payload: { code: '482915' } }).then(
      () => undefined,
      (e: unknown) => e as { code?: string; data?: unknown },
    );
    expect(error?.code).toBe('general');
    expect(JSON.stringify(error?.data)).toContain('UNAUTHORIZED');
  });
});

describe("Logto's SMTP connector with the exported templates", () => {
  let sink: SmtpSink;
  let send: SendMessage;
  beforeAll(async () => {
    sink = await startSmtp({ disabledCommands: ['STARTTLS'] });
    // Logto core looks a template up by (type, language) in the Management API's store: the export's body.
    const store = logtoManagementBody(logtoExports(bundle)).templates;
    const create = (await logtoPeer<{ default: CreateConnector }>('@logto/connector-smtp')).default;
    const config = {
      host: '127.0.0.1',
      port: sink.port,
      auth: {},
      ignoreTLS: true,
      fromEmail: 'auth@testbrand.example',
      templates: ['Register', 'SignIn', 'ForgotPassword', 'Generic'].map((usageType) => ({
        usageType,
        contentType: 'text/plain',
        subject: 'Logto default',
        content: 'Your code is {{code}}',
      })),
    };
    send = (
      await create({
        getConfig: async () => config,
        getI18nEmailTemplate: async (type, locale) =>
          store.find((t) => t.templateType === type && t.languageTag === locale)?.details,
      })
    ).sendMessage;
  });
  afterAll(() => sink?.close());

  it.each(TYPES)('%s: every locale, every payload kind, nothing unfilled or unescaped', async (type) => {
    const id = templateOf(type);
    for (const locale of translations.locales) {
      for (const [kind, payload] of logtoPayloads(type)) {
        const to = `${type}.${locale}.${kind.replaceAll(' ', '-')}@example.com`.toLowerCase();
        await send({ to, type, payload: { ...payload, locale } });
        const message = sink.messages.find((m) => m.to.includes(to));
        const where = `${type} ${locale} ${kind}`;
        expect(message, where).toBeDefined();
        const html = message?.parsed.html || '';
        expect(`${message?.parsed.subject}${html}`, where).not.toContain('{{');
        expect(html, where).not.toContain(MARKUP);
        if (kind !== 'minimal') continue;
        // With what Logto always sends: the subject the runtime renders, the HTML too unless a value
        // the HTML cannot take raw made the export choose the wording without it.
        const expected = bundle.render(id, { locale, variables: payload });
        expect(message?.parsed.subject, where).toBe(expected.subject);
        if (type === 'OrganizationInvitation') {
          // The link as the caller sent it (Logto does not escape; the note of the export says so).
          expect(html).toContain('href="https://auth.example.com/invite?token=a&b=1"');
          expect(html).not.toContain('Northwind');
        } else expect(html.trimEnd(), where).toBe(wholeCode(expected.html).trimEnd()); // Logto prints the code whole
      }
    }
  });
});

describe("connector-kit's substitution and @logto/schemas' guards", () => {
  it('fill every export with every payload kind: no placeholder left, no markup from a value', async () => {
    expect(await expectLogtoSafe(bundle)).toBe(TYPES.length * translations.locales.length * 5);
  });

  it('leave a placeholder whose object Logto did not send as it is — which is why the export never uses one', async () => {
    const replace = await connectorKit();
    expect(replace('Your {{application.name}} code', { code: '1' })).toBe('Your {{application.name}} code');
    const signIn = logtoExports(bundle).find((t) => t.logtoType === 'SignIn' && t.locale === 'en');
    expect(replace(signIn?.subject ?? '', guaranteedPayload('SignIn', { code: '1' }))).not.toContain('{{');
  });

  it('accept the Management API body of the dry run', async () => {
    expect(await expectManagementBodyValid(bundle)).toBe(TYPES.length * translations.locales.length);
  });
});
