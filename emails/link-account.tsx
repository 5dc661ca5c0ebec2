import { CodeEmail, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

export default defineEmail({
  logtoType: 'BindNewIdentifier',
  when: 'A signed-in user links a new e-mail address to their account.',
  variables: { ...logto.accountCode, ...logto.request },
  sample: {
    code: '603947',
    user: { id: 'usr_4kq9', name: 'Mina Park', username: 'mina', primaryEmail: 'mina@example.com' },
    application: { id: 'app_7f3k2', name: 'Acme Cloud' },
  },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} greet />,
});
