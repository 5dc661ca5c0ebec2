/** The config's `locales` section: the project's languages (`locales/<tag>/` folders) and its default. */
import { z } from 'zod';

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

export type LocalesSection = z.output<typeof localesSchema>;
