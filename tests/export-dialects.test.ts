/**
 * Exported templates rendered by each provider's own engine give the same
 * subject, HTML and text as `runtime.render` for the same variables (over the
 * tests' own Logto content: every template × locale × variable set).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../src/build/build.ts';
import { resendData, templateData } from '../src/export/data.ts';
import { LOGTO_PAYLOAD } from '../src/export/dialects/logto.ts';
import { EXPORT_TARGETS, exportTemplate } from '../src/export/templates.ts';
import { type Bundle, createBundle } from '../src/runtime/index.ts';
import { testBrand } from './fixtures/brand.ts';
import { renderHandlebars, renderLogto, renderMustachio, renderResend } from './fixtures/engines.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from './fixtures/logto-content.tsx';
import { variableSets } from './fixtures/variables.ts';

const LOCALES = translations.locales;
const templateIds = catalog.ids;
const template = (id: string) => catalog.get(id).definition;

let bundle: Bundle;
beforeAll(async () => {
  const out = await buildBundles({ catalog, translations, brand: testBrand });
  bundle = createBundle(out.manifest, out.sources);
});

const emails = templateIds.flatMap((id) => LOCALES.map((locale) => [id, locale] as const));

describe.each(emails)('%s / %s', (id, locale) => {
  it('Handlebars (SendGrid, Mailgun, SES), Mustachio (Postmark) and Resend render what the runtime renders', () => {
    const hbs = exportTemplate(bundle, id, locale, 'sendgrid');
    const pm = exportTemplate(bundle, id, locale, 'postmark');
    const rs = exportTemplate(bundle, id, locale, 'resend');
    const mg = exportTemplate(bundle, id, locale, 'mailgun');
    expect(mg.text).toBeUndefined();
    expect(mg.html).toBe(hbs.html);
    for (const [name, variables] of variableSets(catalog, id)) {
      const expected = bundle.render(id, { locale, variables });
      const { data } = templateData(bundle, id, { locale, variables });
      const where = `${id}/${locale}/${name}`;
      for (const target of ['sendgrid', 'mailgun', 'ses'] as const) {
        expect(renderHandlebars(target, hbs.subject, data), `${where} ${target} subject`).toBe(expected.subject);
        expect(renderHandlebars(target, hbs.html, data), `${where} ${target} html`).toBe(expected.html);
        if (target !== 'mailgun') {
          expect(renderHandlebars(target, hbs.text as string, data), `${where} ${target} text`).toBe(expected.text);
        }
      }
      expect(renderMustachio(pm.subject, data), `${where} postmark subject`).toBe(expected.subject);
      expect(renderMustachio(pm.html, data), `${where} postmark html`).toBe(expected.html);
      expect(renderMustachio(pm.text as string, data), `${where} postmark text`).toBe(expected.text);
      const flat = resendData(bundle, id, { locale, variables }).data;
      const vars = rs.variables ?? [];
      expect(renderResend(rs.subject, vars, flat), `${where} resend subject`).toBe(expected.subject);
      expect(renderResend(rs.html, vars, flat), `${where} resend html`).toBe(expected.html);
      expect(renderResend(rs.text as string, vars, flat), `${where} resend text`).toBe(expected.text);
    }
  });

  it('Logto’s substitution renders what the runtime renders with what Logto always sends', () => {
    const logtoType = template(id).logtoType;
    const exported = exportTemplate(bundle, id, locale, 'logto');
    // Logto's payload: the sample's values for what Logto always sends (plus extras Logto may add,
    // which the export must ignore), with names free of markup since Logto does not escape.
    const sample = { application: { id: 'app_1', name: 'Acme Cloud' }, ...template(id).sample } as Record<
      string,
      unknown
    >;
    const always = (logtoType && LOGTO_PAYLOAD[logtoType]) || [];
    const payload: Record<string, unknown> = {};
    for (const path of always) {
      const keys = path.split('.');
      const value = keys.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], sample);
      let target = payload;
      for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
      target[keys.at(-1) as string] = typeof value === 'object' ? {} : value;
    }
    const withExtras = {
      ...payload,
      locale,
      uiLocales: 'fr en',
      user: { id: 'u_9', name: '<b>Mallory</b>', ...(payload.user as object) },
      inviter: { id: 'u_8', name: '<script>x</script>' },
    };
    const expected = bundle.render(id, { locale, variables: payload });
    for (const part of ['subject', 'html', 'text'] as const) {
      const rendered = renderLogto(exported[part] as string, withExtras);
      expect(rendered, `${id}/${locale} logto ${part}`).toBe(expected[part]);
      expect(rendered).not.toMatch(/\{\{|\}\}|Mallory|<script/);
    }
  });
});

describe('export targets', () => {
  it('name templates stably', () => {
    expect(exportTemplate(bundle, 'sign-in', 'pt-BR', 'postmark').name).toBe('authmail-sign-in-pt-br');
    expect(EXPORT_TARGETS).toEqual(['sendgrid', 'postmark', 'mailgun', 'ses', 'resend', 'logto', 'files']);
  });

  it('say what a target cannot express', () => {
    expect(exportTemplate(bundle, 'sign-in', 'en', 'mailgun').notes.join(' ')).toMatch(/no text template/);
    const logto = exportTemplate(bundle, 'sign-in', 'de', 'logto');
    expect(logto.notes.join(' ')).toMatch(/without escaping/);
    expect(logto.notes.join(' ')).toMatch(/10 Minuten/);
    expect(exportTemplate(bundle, 'sign-in', 'en', 'resend').notes.join(' ')).toMatch(/no sections/);
  });

  it('keep the Resend variable count within Resend’s limit of 50', () => {
    for (const [id, locale] of emails) {
      const vars = exportTemplate(bundle, id, locale, 'resend').variables ?? [];
      expect(vars.length).toBeLessThanOrEqual(50);
      expect(vars.every((v) => /^[A-Z0-9_]+$/.test(v))).toBe(true);
    }
  });
});
