export { ActionButton } from './button.tsx';
export { CodeBox } from './code-box.tsx';
export { CodeEmail, codePreheader, codeSubject, defaultIntro } from './code-email.tsx';
export { useScope } from './context.ts';
export { FallbackLink } from './fallback-link.tsx';
export { Layout, linkStyle } from './layout.tsx';
export { appName, greeting, logoFor, organizationName, personName } from './names.ts';
export { Preheader } from './preheader.tsx';
export { Heading, Note, Paragraph } from './typography.tsx';
