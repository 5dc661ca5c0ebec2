/** Options of the outbox transport. */
import { z } from 'zod';

export const outboxOptionsSchema = z
  .object({
    /** Folder for the .eml and .json files, relative to the working directory. */
    dir: z.string().min(1).default('outbox'),
  })
  .strict();

export type OutboxOptionsInput = z.input<typeof outboxOptionsSchema>;
export type OutboxOptions = z.output<typeof outboxOptionsSchema>;
