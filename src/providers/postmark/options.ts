/** Options of the postmark transport (Postmark's Email API). */
import { z } from 'zod';
import { bool } from '../../core/schema.ts';
import { checkBaseUrl, required, text, urlSchema } from '../../mail/fields.ts';

export const POSTMARK_BASE_URL = 'https://api.postmarkapp.com';

export const postmarkOptionsSchema = z
  .object({
    /** Server API token (`X-Postmark-Server-Token`). */
    serverToken: required('the Postmark server API token'),
    /** Overrides https://api.postmarkapp.com (a local test server). */
    baseUrl: urlSchema.optional(),
    allowInsecureHttp: bool.optional(),
    /** Message stream: `outbound` (the default transactional stream; suppressions are per stream). */
    messageStream: text.default('outbound'),
    /** Open tracking (default off). */
    trackOpens: bool.default(false),
    /** Link tracking (default `None`: rewritten links break auth links). */
    trackLinks: z
      .enum(['None', 'HtmlAndText', 'HtmlOnly', 'TextOnly'], {
        message: 'must be None, HtmlAndText, HtmlOnly or TextOnly',
      })
      .default('None'),
    /** Postmark tag (one per message). */
    tag: text.max(1000).optional(),
  })
  .strict()
  .superRefine((o, ctx) => checkBaseUrl(ctx, o.baseUrl, 'baseUrl', o.allowInsecureHttp));

export type PostmarkOptionsInput = z.input<typeof postmarkOptionsSchema>;
export type PostmarkOptions = z.output<typeof postmarkOptionsSchema>;
