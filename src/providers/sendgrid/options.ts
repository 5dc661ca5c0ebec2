/** Options of the sendgrid transport (Twilio SendGrid v3 Mail Send). */
import { z } from 'zod';
import { bool } from '../../core/schema.ts';
import { checkBaseUrl, required, text, urlSchema } from '../../mail/fields.ts';

export const SENDGRID_BASE_URLS = { global: 'https://api.sendgrid.com', eu: 'https://api.eu.sendgrid.com' } as const;

export const sendgridOptionsSchema = z
  .object({
    /** API key (`SG.…`) with Mail Send access (and Template Engine access for `authmail export sendgrid --push`). */
    apiKey: required('the SendGrid API key, SG.…'),
    /** `global` (api.sendgrid.com, default) or `eu` (api.eu.sendgrid.com, EU regional subusers). */
    region: z.enum(['global', 'eu'], { message: 'must be "global" or "eu"' }).default('global'),
    /** Overrides the region's base URL (a proxy, or a local test server). */
    baseUrl: urlSchema.optional(),
    allowInsecureHttp: bool.optional(),
    /** Sends as this subuser (`on-behalf-of` header). */
    onBehalfOf: text.optional(),
    /** Click, open and subscription tracking (default off: link rewriting breaks auth links). */
    tracking: bool.default(false),
    /**
     * Deliver even to addresses on the global unsubscribe list (bounces and spam
     * reports still apply): auth mail is not subscription mail. Default off.
     */
    bypassUnsubscribeManagement: bool.default(false),
    /** Validate without delivering (`mail_settings.sandbox_mode`). */
    sandboxMode: bool.default(false),
    /** Categories for SendGrid's statistics (at most 10). */
    categories: z.array(text).max(10, 'at most 10 categories').optional(),
    ipPoolName: text.optional(),
    /** Hosted sends: template name → dynamic template id (`d-…`); otherwise looked up by name. */
    templateIds: z
      .record(z.string(), z.string().regex(/^d-[0-9a-f]+$/i, 'must be a dynamic template id (d-…)'))
      .optional(),
  })
  .strict()
  .superRefine((o, ctx) => checkBaseUrl(ctx, o.baseUrl, 'baseUrl', o.allowInsecureHttp));

export type SendgridOptionsInput = z.input<typeof sendgridOptionsSchema>;
export type SendgridOptions = z.output<typeof sendgridOptionsSchema>;
