/**
 * The `export` section of `authmail.config.ts`: where dry runs are written,
 * and the Logto Management API credentials for `authmail export logto --push`
 * (a machine-to-machine app with Management API access, or an access token).
 * The other targets push with the credentials of their send transport
 * (`send.transports.<provider>`). Only zod: the config schema loads this.
 * Logto's options are the Logto provider's (src/providers/logto/options.ts).
 */
import { z } from 'zod';
import { text } from '../mail/fields.ts';
import { logtoExportSchema } from '../providers/logto/options.ts';

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
    /**
     * Minutes your codes live (your backend's or Logto's setting). Exported templates write the expiry
     * phrase for it ("10 minutes") where the sender passes no `expiresIn`. Default: each template's own
     * default for `expiresInMinutes` (10 in the default content; Logto's default for the Logto export).
     */
    codeLifetime: z
      .number()
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(1440, 'must be at most 1440 minutes (a day)')
      .optional(),
  })
  .strict();

export type ExportConfig = z.output<typeof exportConfigSchema>;
