/** Options of the resend transport (Resend's Emails API). */
import { z } from 'zod';
import { bool } from '../../core/schema.ts';
import { checkBaseUrl, required, urlSchema } from '../../mail/fields.ts';

export const RESEND_BASE_URL = 'https://api.resend.com';

const tagPart = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'ASCII letters, digits, _ and - only (at most 256)');

export const resendOptionsSchema = z
  .object({
    /** API key (`re_…`), sent as `Authorization: Bearer`. */
    apiKey: required('the Resend API key, re_…'),
    /** Overrides https://api.resend.com (a local test server). */
    baseUrl: urlSchema.optional(),
    allowInsecureHttp: bool.optional(),
    /** Tags on every message: name → value. */
    tags: z.record(tagPart, tagPart).optional(),
  })
  .strict()
  .superRefine((o, ctx) => checkBaseUrl(ctx, o.baseUrl, 'baseUrl', o.allowInsecureHttp));

export type ResendOptionsInput = z.input<typeof resendOptionsSchema>;
export type ResendOptions = z.output<typeof resendOptionsSchema>;
