/**
 * Options of the aliyun transport (Alibaba Cloud Direct Mail): its signed RPC
 * API (`method: 'api'`, default) or its SMTP endpoint through the smtp
 * transport (`method: 'smtp'`, smtpdm.aliyun.com:465 with implicit TLS).
 */
import { z } from 'zod';
import { bool, numeric } from '../../core/schema.ts';
import { checkBaseUrl, text, urlSchema } from '../../mail/fields.ts';
import { type SmtpOptions, smtpOptionsSchema } from '../smtp/options.ts';

/** Direct Mail API endpoints by region. */
export const ALIYUN_ENDPOINTS: Record<string, string> = {
  'cn-hangzhou': 'https://dm.aliyuncs.com',
  'ap-southeast-1': 'https://dm.ap-southeast-1.aliyuncs.com',
  'ap-southeast-2': 'https://dm.ap-southeast-2.aliyuncs.com',
  'us-east-1': 'https://dm.us-east-1.aliyuncs.com',
  'eu-central-1': 'https://dm.eu-central-1.aliyuncs.com',
};

export const ALIYUN_SMTP_DEFAULTS = { host: 'smtpdm.aliyun.com', port: 465, secure: true } as const;

const inputSchema = z
  .object({
    /** `api` (signed RPC API, default) or `smtp` (smtpdm.aliyun.com through the smtp transport). */
    method: z.enum(['api', 'smtp'], { message: 'must be "api" or "smtp"' }).default('api'),
    /** AccessKey ID of a RAM user allowed to use Direct Mail (api). */
    accessKeyId: text.optional(),
    /** Its AccessKey secret (api). */
    accessKeySecret: text.optional(),
    /** Region of the sender address: cn-hangzhou (default), ap-southeast-1, ap-southeast-2, us-east-1, eu-central-1. */
    region: text.default('cn-hangzhou'),
    /** Overrides the region's endpoint (a VPC endpoint, or a local test server). */
    endpoint: urlSchema.optional(),
    allowInsecureHttp: bool.optional(),
    /** The sender address configured in the console (`AccountName`); default: the From address. */
    accountName: text.optional(),
    /** `AddressType`: 1 = the sender address (default), 0 = a random account. */
    addressType: numeric.pipe(z.union([z.literal(0), z.literal(1)], { message: 'must be 0 or 1' })).default(1),
    /** `ReplyToAddress`: use the reply-to address verified in the console (default false). */
    replyToAddress: bool.default(false),
    /** `FromAlias`; default: the From display name. */
    fromAlias: text.optional(),
    /** `TagName` for statistics. */
    tagName: text.optional(),
    /** `ClickTrace`: link tracking (default off). */
    clickTrace: bool.default(false),
    /** Options of the smtp transport (method smtp): `auth: { user, pass }` (the sender address and its SMTP password), … */
    smtp: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type AliyunOptionsInput = z.input<typeof inputSchema>;
type Raw = z.output<typeof inputSchema>;

export type AliyunApiOptions = Omit<Raw, 'method' | 'smtp' | 'accessKeyId' | 'accessKeySecret'> & {
  method: 'api';
  accessKeyId: string;
  accessKeySecret: string;
};
export type AliyunOptions = AliyunApiOptions | { method: 'smtp'; smtp: SmtpOptions };

export const aliyunOptionsSchema = inputSchema.transform((raw, ctx): AliyunOptions => {
  if (raw.method === 'smtp') {
    const parsed = smtpOptionsSchema.safeParse({ ...ALIYUN_SMTP_DEFAULTS, ...raw.smtp });
    if (!raw.smtp)
      ctx.addIssue({ code: 'custom', path: ['smtp'], message: 'is required with method smtp (auth: { user, pass })' });
    else if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['smtp', ...(issue.path as PropertyKey[])], message: issue.message });
    } else if (!parsed.data.auth) {
      ctx.addIssue({
        code: 'custom',
        path: ['smtp', 'auth'],
        message: 'is required (the sender address and its SMTP password)',
      });
    }
    return { method: 'smtp', smtp: parsed.success ? parsed.data : ({} as SmtpOptions) };
  }
  const { method: _m, smtp: _s, accessKeyId, accessKeySecret, ...rest } = raw;
  if (!accessKeyId)
    ctx.addIssue({
      code: 'custom',
      path: ['accessKeyId'],
      message: 'is required (the AccessKey ID for the Direct Mail API)',
    });
  if (!accessKeySecret)
    ctx.addIssue({
      code: 'custom',
      path: ['accessKeySecret'],
      message: 'is required (the AccessKey secret for the Direct Mail API)',
    });
  if (!raw.endpoint && !ALIYUN_ENDPOINTS[raw.region]) {
    ctx.addIssue({
      code: 'custom',
      path: ['region'],
      message: `must be one of ${Object.keys(ALIYUN_ENDPOINTS).join(', ')} (or give endpoint)`,
    });
  }
  checkBaseUrl(ctx, raw.endpoint, 'endpoint', raw.allowInsecureHttp);
  return { method: 'api', accessKeyId: accessKeyId ?? '', accessKeySecret: accessKeySecret ?? '', ...rest };
});
