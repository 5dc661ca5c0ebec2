import { defineEmail } from '../src/render/define.ts';
import { CodeEmail, codePreheader, codeSubject } from './components/index.ts';

export default defineEmail('sign-up', {
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} />,
});
