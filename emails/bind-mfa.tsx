import { CodeEmail, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

export default defineEmail({
  logtoType: 'BindMfa',
  when: 'A user adds this e-mail address as a second factor.',
  variables: { ...logto.accountCode, ...logto.request },
  sample: {
    code: '558210',
    user: { id: 'usr_4kq9', name: 'Mina Park', username: 'mina', primaryEmail: 'mina@example.com' },
    application: { id: 'app_7f3k2', name: 'Acme Cloud' },
  },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} greet />,
});
