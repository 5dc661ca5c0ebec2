/**
 * Every transport the config can select, in one list: the config schema
 * (schema.ts), the factories (transports/index.ts), the `authmail send`
 * usage and the README follow it, and a test checks that each name has its
 * folder, options schema, factory and docs. Adding a provider: its folder
 * under transports/ and its name here.
 */
export const TRANSPORT_NAMES = [
  'outbox',
  'smtp',
  'http',
  'sendgrid',
  'postmark',
  'mailgun',
  'ses',
  'resend',
  'aliyun',
] as const;

export type TransportName = (typeof TRANSPORT_NAMES)[number];
