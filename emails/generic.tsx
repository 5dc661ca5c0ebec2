import { CodeEmail, codePreheader, codeSubject, defineEmail, logto, optional } from 'authmail/email';

export default defineEmail({
  logtoType: 'Generic',
  when: 'Any other code, Logto’s fallback for every type, and connector test sends.',
  variables: {
    ...logto.signInCode,
    ...logto.request,
    user: optional(logto.user),
    ...logto.expiry,
    ...logto.localeFields,
  },
  sample: { code: '000000' },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} />,
});
