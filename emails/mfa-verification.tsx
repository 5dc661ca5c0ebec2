import { defineEmail } from '../src/render/define.ts';
import { CodeEmail, codePreheader, codeSubject } from './components/index.ts';

export default defineEmail('mfa-verification', {
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} greet />,
});
