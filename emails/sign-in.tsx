import { CodeEmail, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

export default defineEmail({
  logtoType: 'SignIn',
  when: 'A user signs in with a one-time code instead of a password.',
  variables: { ...logto.signInCode, ...logto.expiry, ...logto.localeFields },
  sample: { code: '482915', application: { id: 'app_7f3k2', name: 'Acme Cloud' } },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} />,
});
