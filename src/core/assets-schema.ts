/** The config's `assets` section's schema, which `config/schema.ts` composes (the lookup, without zod: `assets.ts`). */
import { z } from 'zod';

export const assetsSchema = z
  .object({
    /** Public URL prefix where the files of `dir` are hosted (logos). */
    baseUrl: z.string().url(),
    /** Local folder with the same files; the preview and visual tests serve from it, offline. */
    dir: z.string().min(1),
  })
  .strict();

export type AssetsSection = z.output<typeof assetsSchema>;
