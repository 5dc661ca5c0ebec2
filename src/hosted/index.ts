/**
 * `authmail/hosted`: for JavaScript backends that send with a provider-hosted
 * template (exported by `authmail export <target>`) and want the email
 * authmail renders byte for byte. Optional: any backend fills the exported
 * templates with the values it has (docs/providers.md "Sending with a provider-hosted
 * template"); this adds the escaped `html.*` copies, the derived expiry
 * phrase and Resend's optional phrases, computed from the same bundle, after
 * the runtime's validation and normalization. React-free.
 */
export { type DataShape, dataSchema, exampleData, type JsonSchema } from './contract.ts';
export { resendData, type TemplateData, templateData } from './data.ts';
export { templateName } from './names.ts';
