/** Options of the mailgun transport (Mailgun's Messages API, US or EU region). */
import { z } from 'zod';
import { bool } from '../../core/schema.ts';
import { checkBaseUrl, required, text, urlSchema } from '../../mail/fields.ts';

export const MAILGUN_BASE_URLS = { us: 'https://api.mailgun.net', eu: 'https://api.eu.mailgun.net' } as const;

export const mailgunOptionsSchema = z
  .object({
    /** Private API key (HTTP Basic, user `api`). */
    apiKey: required('the Mailgun private API key'),
    /** Sending domain, as set up in Mailgun (`mg.acme.example`). */
    domain: required('the Mailgun sending domain, such as mg.acme.example').regex(
      /^[A-Za-z0-9.-]+$/,
      'must be a domain name',
    ),
    /** `us` (api.mailgun.net, default) or `eu` (api.eu.mailgun.net); domains and templates live in one region. */
    region: z.enum(['us', 'eu'], { message: 'must be "us" or "eu"' }).default('us'),
    /** Overrides the region's base URL (a local test server). */
    baseUrl: urlSchema.optional(),
    allowInsecureHttp: bool.optional(),
    /** Click and open tracking (default off: link rewriting breaks auth links). */
    tracking: bool.default(false),
    /** `o:tag` values (at most 3). */
    tags: z.array(text).max(3, 'at most 3 tags').optional(),
    /** `o:testmode`: accepted but not delivered. */
    testMode: bool.default(false),
    /** `o:require-tls`: deliver to the recipient's MX only over TLS. */
    requireTls: bool.default(false),
  })
  .strict()
  .superRefine((o, ctx) => checkBaseUrl(ctx, o.baseUrl, 'baseUrl', o.allowInsecureHttp));

export type MailgunOptionsInput = z.input<typeof mailgunOptionsSchema>;
export type MailgunOptions = z.output<typeof mailgunOptionsSchema>;
