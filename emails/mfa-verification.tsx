import { CodeEmail, codePreheader, codeSubject, defineEmail, logto, optional } from 'authmail/email';

export default defineEmail({
  logtoType: 'MfaVerification',
  when: 'A user who chose e-mail as a second factor completes sign-in.',
  variables: {
    ...logto.signInCode,
    ...logto.request,
    user: optional(logto.user),
    ...logto.expiry,
    ...logto.localeFields,
  },
  sample: {
    code: '264817',
    application: { id: 'app_7f3k2', name: 'Acme Cloud' },
    user: { id: 'usr_4kq9', name: 'Mina Park', username: 'mina', primaryEmail: 'mina@example.com' },
  },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} greet />,
});
