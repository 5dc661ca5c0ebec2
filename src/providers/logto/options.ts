/**
 * The Logto Management API credentials for `authmail export logto --push`
 * (`export.logto`): a machine-to-machine app with Management API access, or
 * an access token. Only zod: the config schema loads this.
 */
import { z } from 'zod';
import { bool } from '../../core/schema.ts';
import { checkBaseUrl, required, text, urlSchema } from '../../mail/fields.ts';

export const logtoExportSchema = z
  .object({
    /** The Logto endpoint: `https://<tenant-id>.logto.app` or your own host. */
    endpoint: required('the Logto endpoint, such as https://abc123.logto.app').pipe(urlSchema),
    /** Machine-to-machine app with Management API access: its id and secret (client credentials). */
    appId: text.optional(),
    appSecret: text.optional(),
    /** Or a Management API access token. */
    accessToken: text.optional(),
    /**
     * The Management API resource indicator; default `https://<tenant-id>.logto.app/api` on
     * Logto Cloud, `https://default.logto.app/api` elsewhere (self-hosted).
     */
    resource: urlSchema.optional(),
    allowInsecureHttp: bool.optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    checkBaseUrl(ctx, o.endpoint, 'endpoint', o.allowInsecureHttp);
    if (!o.accessToken && !(o.appId && o.appSecret)) {
      const missing = o.appId ? 'appSecret' : o.appSecret ? 'appId' : 'appId';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'is required: give appId and appSecret (a machine-to-machine app) or accessToken',
      });
    }
  });

export type LogtoExportOptions = z.output<typeof logtoExportSchema>;
