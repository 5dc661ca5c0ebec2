import { CodeEmail, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

export default defineEmail({
  logtoType: 'Register',
  when: 'A new user verifies their e-mail address while creating an account.',
  variables: { ...logto.signInCode, ...logto.request, ...logto.expiry, ...logto.localeFields },
  sample: { code: '730164', application: { id: 'app_7f3k2', name: 'Acme Cloud' } },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} />,
});
