import { CodeEmail, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

export default defineEmail({
  logtoType: 'ForgotPassword',
  when: 'A user asks to reset a forgotten password.',
  variables: { ...logto.signInCode, ...logto.expiry, ...logto.localeFields },
  sample: { code: '915302', application: { id: 'app_7f3k2', name: 'Acme Cloud' } },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} />,
});
