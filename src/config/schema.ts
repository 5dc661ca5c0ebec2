/**
 * The whole `authmail.config.ts` shape, validated by one zod schema whose
 * errors name the key at fault.
 */
import { z } from 'zod';
import { brandPresetSchema, brandSchema } from '../brand/brand.ts';
import { checkSchema } from '../check/schema.ts';
import { assetsSchema } from '../core/assets-schema.ts';
import { exportConfigSchema } from '../export/config.ts';
import { localesSchema } from '../locale/config.ts';
import { sendConfigSchema } from '../send/schema.ts';
import { serveConfigSchema } from '../serve/schema.ts';
import { visualSchema } from '../visual/schema.ts';

export const configSchema = z
  .object({
    /** The project's languages: `locales/<tag>/` folders, the default locale. */
    locales: localesSchema.prefault({}),
    brand: brandSchema,
    /** Alternative brands the preview offers (partial overrides of `brand`). */
    brandPresets: z.record(z.string(), brandPresetSchema).default({}),
    assets: assetsSchema.optional(),
    /** `authmail check`: the project's own exceptions, each with its reason (src/check/schema.ts). */
    check: checkSchema.prefault({}),
    /** `authmail test:visual`: the baseline and report folders. */
    visual: visualSchema.prefault({}),
    /** Folder of `$[secret:NAME]` files (default: $AUTHMAIL_SECRETS_DIR, else /run/secrets). */
    secretsDir: z.string().min(1).optional(),
    /** Sending: transport, From, defaults, delivery timing, transport options (src/send/schema.ts). */
    send: sendConfigSchema.prefault({}),
    /** `authmail export`: dry-run folder, Logto Management API credentials (src/export/config.ts). */
    export: exportConfigSchema.prefault({}),
    /** `authmail serve`: the endpoint for Logto's HTTP email connector (src/serve/schema.ts). */
    serve: serveConfigSchema.prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.serve.queue && !c.send.queue) {
      ctx.addIssue({
        code: 'custom',
        path: ['serve', 'queue'],
        message: "is on, so send.queue must say where the queue is ({ redis: 'redis://host:6379/0' })",
      });
    }
  });

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
