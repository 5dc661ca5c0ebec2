/**
 * The config's `check` section: a project's own exceptions (applied by
 * project-exceptions.ts). Kept apart from the rules so that reading the
 * config loads no check code.
 */
import { z } from 'zod';

export const projectExceptionSchema = z
  .object({
    /** The rule id (`client-support`, `a11y`, `images`…), as `authmail check` prints it. */
    rule: z.string().min(1),
    /** The caniemail feature or axe rule (`css-outline`, `color-contrast`), printed in parentheses. */
    feature: z.string().min(1).optional(),
    /** Only in this template (its id). */
    template: z.string().min(1).optional(),
    /** Only on elements matching this CSS selector, or inside one (`.legal a`, `img[src*="tracking"]`). */
    selector: z.string().min(1).optional(),
    /** The highest severity accepted: a finding that gets worse is reported again. */
    upTo: z.enum(['error', 'warning']).default('error'),
    /** Why: what a reviewer reads in `authmail check --all`. */
    reason: z.string().trim().min(10, 'must say why the finding is accepted (10 characters or more)'),
  })
  .strict();

export const checkSchema = z
  .object({
    /** Findings the project accepts, each with its reason. */
    exceptions: z.array(projectExceptionSchema).default([]),
  })
  .strict();

export type ProjectException = z.output<typeof projectExceptionSchema>;
export type CheckSection = z.output<typeof checkSchema>;
