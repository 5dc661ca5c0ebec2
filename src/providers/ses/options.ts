/** Options of the ses transport (Amazon SES API v2 through the AWS SDK, SigV4-signed). */
import { z } from 'zod';
import { bool } from '../../core/schema.ts';
import { checkBaseUrl, required, text, urlSchema } from '../../mail/fields.ts';

const tagPart = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'ASCII letters, digits, _ and - only (at most 256)');

export const sesOptionsSchema = z
  .object({
    /** AWS region of the SES identity (`eu-west-1`). */
    region: required('the AWS region, such as eu-west-1').regex(
      /^[a-z]{2}(-[a-z]+)+-\d+$/,
      'must be a region like eu-west-1',
    ),
    /** Access key; without accessKeyId and secretAccessKey the SDK's default chain is used (environment, profile, instance role). */
    accessKeyId: text.optional(),
    secretAccessKey: text.optional(),
    sessionToken: text.optional(),
    /** Overrides the regional endpoint (a VPC endpoint, or a local test server). */
    endpoint: urlSchema.optional(),
    allowInsecureHttp: bool.optional(),
    /** Configuration set (event publishing; tracking is configured there and is off without one). */
    configurationSetName: text.optional(),
    /** EmailTags on every message: name → value. */
    tags: z.record(tagPart, tagPart).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    checkBaseUrl(ctx, o.endpoint, 'endpoint', o.allowInsecureHttp);
    if (o.accessKeyId && !o.secretAccessKey) {
      ctx.addIssue({ code: 'custom', path: ['secretAccessKey'], message: 'is required with accessKeyId' });
    }
    if (o.secretAccessKey && !o.accessKeyId) {
      ctx.addIssue({ code: 'custom', path: ['accessKeyId'], message: 'is required with secretAccessKey' });
    }
    if (o.sessionToken && !o.accessKeyId) {
      ctx.addIssue({ code: 'custom', path: ['accessKeyId'], message: 'is required with sessionToken' });
    }
  });

export type SesOptionsInput = z.input<typeof sesOptionsSchema>;
export type SesOptions = z.output<typeof sesOptionsSchema>;
