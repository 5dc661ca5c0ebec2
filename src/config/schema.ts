/**
 * The whole `authmail.config.ts` shape, validated by one zod schema whose
 * errors name the key at fault.
 */
import { z } from 'zod';
import { exportConfigSchema } from '../export/config.ts';
import { sendConfigSchema } from '../send/schema.ts';
import { serveConfigSchema } from '../serve/schema.ts';
import { brandPresetSchema, brandSchema } from './brand.ts';

export const assetsSchema = z
  .object({
    /** Public URL prefix where the files of `dir` are hosted (logos). */
    baseUrl: z.string().url(),
    /** Local folder with the same files; the preview and visual tests serve from it, offline. */
    dir: z.string().min(1),
  })
  .strict();

export const configSchema = z
  .object({
    brand: brandSchema,
    /** Alternative brands the preview offers (partial overrides of `brand`). */
    brandPresets: z.record(z.string(), brandPresetSchema).default({}),
    assets: assetsSchema.optional(),
    /** Folder of `$[secret:NAME]` files (default: $AUTHMAIL_SECRETS_DIR, else /run/secrets). */
    secretsDir: z.string().min(1).optional(),
    /** Sending: transport, From, defaults, delivery timing, transport options (src/send/schema.ts). */
    send: sendConfigSchema.prefault({}),
    /** `authmail export`: dry-run folder, Logto Management API credentials (src/export/config.ts). */
    export: exportConfigSchema.prefault({}),
    /** `authmail serve`: the endpoint for Logto's HTTP email connector (src/serve/schema.ts). */
    serve: serveConfigSchema.prefault({}),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
