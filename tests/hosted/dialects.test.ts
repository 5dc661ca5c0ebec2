/**
 * Exported templates rendered by each provider's own engine give the same
 * subject, HTML and text as `runtime.render` for the same variables (over the
 * tests' own Logto content: every template × locale × variable set).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { EXPORT_TARGETS, exportTemplate } from '../../src/export/templates.ts';
import { resendData, templateData } from '../../src/hosted/data.ts';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { renderHandlebars, renderLogto, renderMustachio, renderResend } from '../fixtures/engines.ts';
import { headingSpaces } from '../fixtures/hosted-check.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';
import { guaranteedPayload } from '../fixtures/logto-payloads.ts';
import { variableSets } from '../fixtures/variables.ts';

const LOCALES = translations.locales;
const templateIds = catalog.ids;
const template = (id: string) => catalog.get(id).definition;

let bundle: Bundle;
beforeAll(async () => {
  const out = await buildBundles({ catalog, translations, brand: testBrand });
  bundle = createBundle(out.manifest, out.sources);
});

/** `variables` without the values at `paths`: each removed at its nearest optional ancestor (or itself). */
function withoutPaths(
  id: string,
  variables: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  const copy = structuredClone(variables);
  const fields = catalog.get(id).fields;
  for (const unshown of paths) {
    let field = fields.find((f) => f.path === unshown);
    while (field?.required && field.parent !== -1) field = fields[field.parent];
    const path = field?.path ?? unshown;
    const keys = path.split('.');
    let at: Record<string, unknown> | undefined = copy;
    for (const key of keys.slice(0, -1)) at = at?.[key] as Record<string, unknown> | undefined;
    if (at) delete at[keys[keys.length - 1] as string];
  }
  return copy;
}

const emails = templateIds.flatMap((id) => LOCALES.map((locale) => [id, locale] as const));

describe.each(emails)('%s / %s', (id, locale) => {
  it('with authmail/hosted data, Handlebars (SendGrid, Mailgun, SES), Mustachio (Postmark) and Resend render byte for byte what the runtime renders', () => {
    const exports = {
      sendgrid: exportTemplate(bundle, id, locale, 'sendgrid'),
      mailgun: exportTemplate(bundle, id, locale, 'mailgun'),
      ses: exportTemplate(bundle, id, locale, 'ses'),
    };
    const pm = exportTemplate(bundle, id, locale, 'postmark');
    const rs = exportTemplate(bundle, id, locale, 'resend');
    expect(exports.mailgun.text).toBeUndefined();
    for (const [name, variables] of variableSets(catalog, id)) {
      const expected = bundle.render(id, { locale, variables });
      const { data } = templateData(bundle, id, { locale, variables });
      const where = `${id}/${locale}/${name}`;
      for (const target of ['sendgrid', 'mailgun', 'ses'] as const) {
        const t = exports[target];
        expect(renderHandlebars(target, t.subject, data), `${where} ${target} subject`).toBe(expected.subject);
        expect(headingSpaces(renderHandlebars(target, t.html, data)), `${where} ${target} html`).toBe(
          headingSpaces(expected.html),
        );
        if (t.text !== undefined) {
          expect(renderHandlebars(target, t.text, data), `${where} ${target} text`).toBe(expected.text);
        }
      }
      expect(renderMustachio(pm.subject, data), `${where} postmark subject`).toBe(expected.subject);
      expect(headingSpaces(renderMustachio(pm.html, data)), `${where} postmark html`).toBe(
        headingSpaces(expected.html),
      );
      expect(renderMustachio(pm.text as string, data), `${where} postmark text`).toBe(expected.text);
      // Resend: what it cannot show (named in its notes) is left out of the email it is compared with.
      const shown = withoutPaths(id, variables, rs.unshown ?? []);
      const rsExpected = bundle.render(id, { locale, variables: shown });
      const flat = resendData(bundle, id, { locale, variables: shown }).data;
      const vars = rs.variables ?? [];
      expect(renderResend(rs.subject, vars, flat), `${where} resend subject`).toBe(rsExpected.subject);
      expect(headingSpaces(renderResend(rs.html, vars, flat)), `${where} resend html`).toBe(
        headingSpaces(rsExpected.html),
      );
      expect(renderResend(rs.text as string, vars, flat), `${where} resend text`).toBe(rsExpected.text);
    }
  });

  it('Logto’s substitution renders the subject and text the runtime renders with what Logto always sends', () => {
    const logtoType = template(id).logtoType as string;
    const exported = exportTemplate(bundle, id, locale, 'logto');
    const payload = guaranteedPayload(logtoType, template(id).sample as Record<string, unknown>);
    const expected = bundle.render(id, { locale, variables: payload });
    for (const part of ['subject', 'text'] as const) {
      expect(renderLogto(exported[part] as string, payload), `${id}/${locale} logto ${part}`).toBe(expected[part]);
    }
    expect(renderLogto(exported.html, payload)).not.toMatch(/\{\{|\}\}/);
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
    expect(logto.values).toEqual(['code']);
    expect(logto.notes).toContain('Logto fills in: {{code}}.');
    expect(logto.notes.join(' ')).toMatch(/10 Minuten/);
    expect(logto.notes.join(' ')).not.toMatch(/without escaping/);
    expect(exportTemplate(bundle, 'sign-in', 'en', 'resend').notes.join(' ')).toMatch(/no sections/);
  });

  it('Logto: only what the type always carries, names from the brand, an invitation without the organization’s name in HTML', () => {
    const signIn = exportTemplate(bundle, 'sign-in', 'en', 'logto');
    // The application is not always sent (Logto sends an empty context when its lookup fails): the brand's product name.
    expect(`${signIn.subject}${signIn.html}${signIn.text}`).not.toContain('application');
    expect(signIn.subject).toContain(testBrand.productName);
    const account = exportTemplate(bundle, 'bind-mfa', 'en', 'logto');
    // The user is always sent for an account operation, but not always their name: "Hello," then.
    expect(account.text).toContain('Hello,');
    expect(account.values).toEqual(['code']);
    const invitation = exportTemplate(bundle, 'organization-invitation', 'en', 'logto');
    expect(invitation.values).toEqual(['link', 'organization.name']);
    expect(invitation.subject).toBe('Invitation to {{organization.name}}');
    expect(invitation.text).toContain('{{organization.name}}');
    expect(invitation.html).not.toContain('{{organization.name}}');
    expect(invitation.html).toContain('You are invited to an organization on');
  });

  it('Logto: values listed in export.trustLogtoValues are used, raw, and the notes say so', () => {
    const trust = {
      trustLogtoValues: ['application.name', 'OrganizationInvitation:organization.name', 'inviter.name'],
    };
    const signIn = exportTemplate(bundle, 'sign-in', 'en', 'logto', trust);
    expect(signIn.values).toEqual(['application.name', 'code']);
    expect(signIn.html).toContain('{{application.name}}');
    expect(signIn.notes).toContain(
      'Logto inserts "application.name" into the HTML without escaping: it is listed in export.trustLogtoValues, so it must never contain <, & or ".',
    );
    const invitation = exportTemplate(bundle, 'organization-invitation', 'en', 'logto', trust);
    expect(invitation.subject).toBe('{{inviter.name}} invites you to {{organization.name}}');
    expect(invitation.html).toContain('{{organization.name}}');
  });

  it('Logto: a value that fits no wording is refused, naming the template, the value and the way out', () => {
    const source = bundle.source('organization-invitation', 'en');
    const manifest = bundle.manifest;
    const entry = manifest.templates['organization-invitation'];
    const forced = createBundle(
      {
        ...manifest,
        locales: ['en'],
        templates: { 'organization-invitation': { ...entry, emails: { en: entry?.emails.en } } },
      },
      [{ ...source, html: `${source.html}<p>{{organization.name}}</p>` }],
    );
    expect(() => exportTemplate(forced, 'organization-invitation', 'en', 'logto')).toThrow(
      /authmail-organization-invitation-en HTML: "organization\.name" cannot be exported to Logto: Logto would insert it into the HTML without escaping\. .*export\.trustLogtoValues/,
    );
  });

  it('keep the Resend variable count within Resend’s limit of 50', () => {
    for (const [id, locale] of emails) {
      const vars = exportTemplate(bundle, id, locale, 'resend').variables ?? [];
      expect(vars.length).toBeLessThanOrEqual(50);
      expect(vars.every((v) => /^[A-Z0-9_]+$/.test(v))).toBe(true);
    }
  });
});
