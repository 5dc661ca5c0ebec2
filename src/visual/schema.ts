/**
 * The config's `visual` section: where `authmail test:visual` keeps baselines
 * and reports, and what it shoots. Each locale × width × colour scheme is one
 * screenshot per template, so the selection is what a team pays for in
 * repository size and CI time (docs/visual.md).
 */
import { z } from 'zod';

const tag = z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a locale tag like en or pt-BR');

export const visualSchema = z
  .object({
    /** Where `authmail test:visual` keeps the project's baselines (committed; relative to the project root). */
    baselines: z.string().min(1).default('tests/visual/baselines'),
    /** Its report, failures and contact sheets (not committed). */
    out: z.string().min(1).default('test-results/visual'),
    /**
     * The locales shot: `all`, or a list. Default: the default locale, the first right-to-left locale and
     * the first Chinese, Japanese or Korean one the project has (one per script family that lays out
     * differently).
     */
    locales: z.union([z.literal('all'), z.array(tag).min(1)]).optional(),
    /** Colour schemes (default both). */
    modes: z
      .array(z.enum(['light', 'dark'], { message: 'must be "light" or "dark"' }))
      .min(1)
      .default(['light', 'dark']),
    /** Viewport widths in px (default 640 and 375: a desktop client's reading pane and a phone). */
    widths: z.array(z.number().int().min(240).max(1600)).min(1).default([640, 375]),
    /**
     * Also shoot each email with the stress values (long compounds, names ending in punctuation, CJK,
     * emoji, a right-to-left name, a name at the length cap): one more shot per email, at the narrowest
     * width in the first mode. Default on.
     */
    stress: z.boolean().default(true),
  })
  .strict();

export type VisualSection = z.output<typeof visualSchema>;
