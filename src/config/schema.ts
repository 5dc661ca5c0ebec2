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

/** A BCP 47 tag as a folder name: letters and digits joined by hyphens (`de`, `pt-BR`, `zh-Hant-TW`). */
const localeTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a locale tag like "de" or "pt-BR"')
  .refine((tag) => {
    try {
      new Intl.Locale(tag);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid BCP 47 tag');

export const localesSchema = z
  .object({
    /** The locale of a send that asks for none (or for one the project lacks); the reference for translations. */
    default: localeTag.default('en'),
    /** Only these locales (each needs its `locales/<tag>/` folder); default: every folder of `locales/`. */
    only: z.array(localeTag).min(1).optional(),
  })
  .strict();

export const visualSchema = z
  .object({
    /** Where `authmail test:visual` keeps the project's baselines (committed; relative to the project root). */
    baselines: z.string().min(1).default('tests/visual/baselines'),
    /** Its report, failures and contact sheets (not committed). */
    out: z.string().min(1).default('test-results/visual'),
  })
  .strict();

export const configSchema = z
  .object({
    /** The project's languages: `locales/<tag>/` folders, the default locale. */
    locales: localesSchema.prefault({}),
    brand: brandSchema,
    /** Alternative brands the preview offers (partial overrides of `brand`). */
    brandPresets: z.record(z.string(), brandPresetSchema).default({}),
    assets: assetsSchema.optional(),
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
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
