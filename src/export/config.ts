/**
 * The `export` section of `authmail.config.ts`: where dry runs are written,
 * and the Logto Management API credentials for `authmail export logto --push`
 * (a machine-to-machine app with Management API access, or an access token).
 * The other targets push with the credentials of their send transport
 * (`send.transports.<provider>`). Only zod: the config schema loads this.
 */
import { z } from 'zod';
import { bool } from '../core/schema.ts';
import { checkBaseUrl, required, text, urlSchema } from '../send/transports/fields.ts';

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

export const exportConfigSchema = z
  .object({
    /** Folder of the dry runs (default `export`); each target writes `<dir>/<target>/`. */
    dir: text.default('export'),
    logto: logtoExportSchema.optional(),
    /**
     * Values your Logto setup always sends where the templates use them, and that never carry markup:
     * `application.name` for every type, or `OrganizationInvitation:organization.name` for one. The
     * Logto export then uses them, raw (Logto does not escape), instead of the wording without them.
     */
    trustLogtoValues: z
      .array(
        z
          .string()
          .regex(
            /^(?:[A-Za-z]+:)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/,
            'must be a value path like "application.name", or "OrganizationInvitation:organization.name" for one type',
          ),
      )
      .default([]),
  })
  .strict();

export type LogtoExportOptions = z.output<typeof logtoExportSchema>;
export type ExportConfig = z.output<typeof exportConfigSchema>;
