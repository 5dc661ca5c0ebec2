/**
 * The template registry: one file per template, keyed by catalog id. Adding
 * a template means a catalog entry, a file here and its locale files.
 */
import type { TemplateId } from '../src/catalog/templates.ts';
import type { EmailDefinition } from '../src/render/define.ts';
import bindMfa from './bind-mfa.tsx';
import generic from './generic.tsx';
import linkAccount from './link-account.tsx';
import mfaVerification from './mfa-verification.tsx';
import organizationInvitation from './organization-invitation.tsx';
import resetPassword from './reset-password.tsx';
import signIn from './sign-in.tsx';
import signUp from './sign-up.tsx';
import verifyOperation from './verify-operation.tsx';

export const emails: { readonly [T in TemplateId]: EmailDefinition<T> } = {
  'sign-in': signIn,
  'sign-up': signUp,
  'reset-password': resetPassword,
  'mfa-verification': mfaVerification,
  'bind-mfa': bindMfa,
  'link-account': linkAccount,
  'verify-operation': verifyOperation,
  'organization-invitation': organizationInvitation,
  generic,
};

export { Layout } from './components/layout.tsx';
