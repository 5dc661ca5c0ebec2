/** The config's `visual` section: where `authmail test:visual` keeps baselines and reports. */
import { z } from 'zod';

export const visualSchema = z
  .object({
    /** Where `authmail test:visual` keeps the project's baselines (committed; relative to the project root). */
    baselines: z.string().min(1).default('tests/visual/baselines'),
    /** Its report, failures and contact sheets (not committed). */
    out: z.string().min(1).default('test-results/visual'),
  })
  .strict();

export type VisualSection = z.output<typeof visualSchema>;
