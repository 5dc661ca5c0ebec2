import { CodeEmail, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

export default defineEmail({
  logtoType: 'SignIn',
  when: 'A user signs in with a one-time code instead of a password.',
  variables: { ...logto.signInCode, ...logto.request, ...logto.expiry, ...logto.localeFields },
  sample: {
    code: '482915',
    application: { id: 'app_7f3k2', name: 'Acme Cloud' },
    request: {
      time: '2026-12-06T09:41:00Z',
      device: 'Chrome on macOS',
      location: 'Berlin, Germany',
      ip: '203.0.113.42',
    },
  },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} />,
});
