/** The default content's templates: one for each of Logto's nine types, under readable ids. */
import { expect, it } from 'vitest';
import { catalog, template, templateIds } from '../fixtures/content.ts';

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
