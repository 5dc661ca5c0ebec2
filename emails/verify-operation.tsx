import { CodeEmail, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

export default defineEmail({
  logtoType: 'UserPermissionValidation',
  when: 'A user confirms a high-risk change (password, e-mail, MFA) with a code.',
  variables: { ...logto.accountCode, ...logto.request },
  sample: {
    code: '371592',
    user: { id: 'usr_4kq9', name: 'Mina Park', username: 'mina', primaryEmail: 'mina@example.com' },
    application: { id: 'app_7f3k2', name: 'Acme Cloud' },
  },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} greet />,
});
