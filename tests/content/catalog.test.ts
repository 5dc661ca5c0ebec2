/** The default content: one template for each of Logto's nine types under readable ids, Logto's languages. */
import { expect, it } from 'vitest';
import { readLocaleFiles, translations } from '../../src/render/translations.ts';
import { catalog, template, templateIds } from '../fixtures/content.ts';
import { logtoPeer } from '../fixtures/logto-peers.ts';

it('maps the nine Logto template types to readable ids', () => {
  expect(Object.fromEntries(templateIds.map((id) => [template(id).logtoType, id]))).toEqual({
    SignIn: 'sign-in',
    Register: 'sign-up',
    ForgotPassword: 'reset-password',
    MfaVerification: 'mfa-verification',
    BindMfa: 'bind-mfa',
    BindNewIdentifier: 'link-account',
    UserPermissionValidation: 'verify-operation',
    OrganizationInvitation: 'organization-invitation',
    Generic: 'generic',
  });
  expect(catalog.forLogtoType('Register')).toBe('sign-up');
  expect(catalog.forLogtoType('Test')).toBeUndefined();
});

it('has a locale for each of Logto’s built-in sign-in experience languages, spelled as Logto spells them', async () => {
  const { builtInLanguages } = await logtoPeer<{ builtInLanguages: string[] }>('@logto/phrases-experience');
  expect(builtInLanguages).toHaveLength(21);
  expect([...translations().locales].sort()).toEqual([...builtInLanguages].sort());
});

it('es-MX is a translation of its own, not a copy of es', () => {
  const files = readLocaleFiles();
  const pairs = Object.entries(files['es-MX'] ?? {}).flatMap(([ns, messages]) =>
    Object.entries(messages).map(([key, text]) => [text, files.es?.[ns]?.[key]] as const),
  );
  expect(pairs.length).toBeGreaterThan(50);
  const same = pairs.filter(([mx, es]) => mx === es).length;
  expect(same / pairs.length).toBeLessThan(0.5);
  expect(pairs.some(([mx]) => String(mx).includes('Ingresa'))).toBe(true);
});
