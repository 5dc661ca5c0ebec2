/**
 * Branding: who the email is from and how it looks. Validated with zod at
 * the edge (config load); templates receive the parsed `Brand`.
 */
import { z } from 'zod';
import { ConfigError, UsageError } from '../core/errors.ts';
import { zodIssues } from '../core/schema.ts';
import { contrast } from './color.ts';

const httpsUrl = z
  .string()
  .url()
  .refine(
    (u) => u.startsWith('https://'),
    'must be an https:// URL (email clients block or warn on http images and links)',
  );

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #4f46e5');

const brandFields = {
  /** Display name in the From header. */
  senderName: z.string().min(1).max(100),
  /** Address in the From header. */
  fromAddress: z.string().email(),
  /** Name used in copy when the variables carry no application ("Sign in to Acme"). */
  productName: z.string().min(1).max(100),
  /** Footer: legal name and postal address. Line breaks are kept. */
  companyInformation: z.string().min(1).max(500),
  logoUrl: httpsUrl,
  /** Logo for dark mode; the light logo is used when absent. */
  darkLogoUrl: httpsUrl.optional(),
  /** Logo box in px; an application's or organization's logo is shown in the same box. */
  logoWidth: z.number().int().min(16).max(600),
  logoHeight: z.number().int().min(16).max(200),
  /** Buttons and accents. Text on it is black or white, whichever contrasts more. */
  primaryColor: hexColor,
  supportEmail: z.string().email().optional(),
  /**
   * Where replies go (your support inbox). Set, the footer tells readers their reply reaches support
   * instead of "replies are not read" (message `common:automatedReplies`), and a send without its own
   * `send.replyTo` gets it as Reply-To.
   */
  replyTo: z.string().email().optional(),
  supportUrl: httpsUrl.optional(),
  /**
   * Where else the brand colour shows: `none` (the button and links only), `bar` (a 4 px bar on top of the
   * card), `heading` (the heading in the brand colour; in dark mode a lighter tint, as links), or `auto`
   * (the default: `bar` when the brand colour stands out from the white card at 3:1 or more, else `none`).
   */
  accent: z.enum(['auto', 'none', 'bar', 'heading']),
  /**
   * The code first in the subject of the one-time-code emails ("482915 · Your Acme sign-in code"): faster
   * to read, but shown on a locked phone's notifications to anyone near it. Off by default.
   */
  codeInSubject: z.boolean(),
};

export const brandSchema = z
  .object({
    ...brandFields,
    logoWidth: brandFields.logoWidth.default(120),
    logoHeight: brandFields.logoHeight.default(36),
    primaryColor: brandFields.primaryColor.default('#4f46e5'),
    accent: brandFields.accent.default('auto'),
    codeInSubject: brandFields.codeInSubject.default(false),
  })
  .strict();

/**
 * A preset overrides some fields of the brand. It has no defaults, so a field
 * the preset leaves out keeps the brand's value.
 */
export const brandPresetSchema = z.object(brandFields).partial().strict();

/** The brand with a preset laid over it, validated as a whole. */
export const withPreset = (brand: Brand, preset: BrandPreset): Brand => brandSchema.parse({ ...brand, ...preset });

/** The accent a brand shows: `auto` resolved by the brand colour's contrast with the white card (3:1, WCAG 1.4.11). */
export const accentOf = (brand: Pick<Brand, 'accent' | 'primaryColor'>): 'none' | 'bar' | 'heading' =>
  brand.accent !== 'auto' ? brand.accent : contrast(brand.primaryColor, '#ffffff') >= 3 ? 'bar' : 'none';

export type BrandInput = z.input<typeof brandSchema>;
export type Brand = z.output<typeof brandSchema>;
export type BrandPreset = z.output<typeof brandPresetSchema>;

/**
 * The brand an API caller passed (`render(id, { brand })`): a missing one is named as the option it is,
 * and a malformed one as the config's `brand` would be, field by field.
 */
export function brandOption(brand: unknown, where: string): Brand {
  if (brand === undefined || brand === null) {
    throw new UsageError(
      `${where}: the "brand" option is missing; pass your config's brand (const { config } = await loadConfig(); ${where.replace(/\(.*$/, '')}(…, { brand: config.brand, … }))`,
    );
  }
  const parsed = brandSchema.safeParse(brand);
  if (!parsed.success) {
    throw new ConfigError(
      `${where} brand option`,
      zodIssues(parsed.error).map((i) => ({ ...i, path: `brand.${i.path}` })),
    );
  }
  return parsed.data;
}
