/**
 * The `send` section of `authmail.config.ts`: which transport, the From and
 * Reply-To (default: the brand's `senderName` / `fromAddress`), defaults for
 * every send, delivery timing, and each provider's options (from the provider
 * list, src/providers/). Part of the one config schema (src/config/schema.ts).
 * The transports load their libraries when created: loading the config does
 * not load nodemailer.
 */
import { z } from 'zod';
import { numeric } from '../core/schema.ts';
import { headerProblem, mailboxSchema } from '../mail/message.ts';
import { deliveryOptions } from '../mail/retry.ts';
import { TRANSPORT_NAMES, TRANSPORT_OPTIONS, type TransportName } from '../providers/options.ts';
import { queueConfigSchema } from '../queue/schema.ts';

/** `send.transports`: each sending provider's options, all optional (only the selected one must be present). */
const transportsShape = Object.fromEntries(
  Object.entries(TRANSPORT_OPTIONS).map(([name, schema]) => [name, schema.optional()]),
) as { [K in TransportName]: z.ZodOptional<(typeof TRANSPORT_OPTIONS)[K]> };

export { TRANSPORT_NAMES, type TransportName };

const msBetween = (min: number, max: number) =>
  numeric.pipe(z.number().int().min(min, `must be at least ${min} ms`).max(max, `must be at most ${max} ms`));

/** `send.delivery`: each value optional; the defaults give way to what is set (`deliveryOptions`). */
export const deliverySchema = z
  .object({
    /** Time one attempt may take, ms (default 10 000, or the deadline when that is shorter). */
    attemptTimeout: msBetween(50, 600_000).optional(),
    /** Time all attempts and waits may take together, ms (default 30 000: a code expires in minutes). */
    deadline: msBetween(50, 3_600_000).optional(),
    /** Attempts at most, 1 = never retry (default 5). */
    maxAttempts: numeric.pipe(z.number().int().min(1).max(20)).optional(),
    backoff: z
      .object({
        /** First wait, ms (default 500, or `max` when that is shorter). */
        initial: msBetween(0, 60_000).optional(),
        max: msBetween(0, 600_000).optional(),
        factor: numeric.pipe(z.number().min(1).max(10)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    // Only values the user set can conflict: a default gives way instead.
    if (d.attemptTimeout !== undefined && d.deadline !== undefined && d.attemptTimeout > d.deadline) {
      ctx.addIssue({ code: 'custom', path: ['attemptTimeout'], message: 'must not exceed deadline' });
    }
    const b = d.backoff;
    if (b?.initial !== undefined && b.max !== undefined && b.initial > b.max) {
      ctx.addIssue({ code: 'custom', path: ['backoff', 'initial'], message: 'must not exceed backoff.max' });
    }
  })
  .transform((d) => deliveryOptions(d));

const headersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())])).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

export const sendConfigSchema = z
  .object({
    /** The transport `authmail send` and `createMailerFromConfig` use (default: outbox). */
    transport: z
      .enum(TRANSPORT_NAMES, {
        message: `must be one of ${TRANSPORT_NAMES.join(', ')}`,
      })
      .default('outbox'),
    /** From (default: `"<brand.senderName>" <brand.fromAddress>`, or the SMTP transport's fromEmail). */
    from: mailboxSchema.optional(),
    replyTo: mailboxSchema.optional(),
    /** Applied to every send. */
    defaults: z
      .object({
        locale: z.string().min(1).optional(),
        variables: z.record(z.string(), z.unknown()).default({}),
        headers: headersSchema.default({}),
      })
      .strict()
      .prefault({}),
    delivery: deliverySchema.prefault({}),
    /** Options per transport; only the selected one must be present (outbox needs none). */
    transports: z.object(transportsShape).strict().prefault({}),
    /** The durable send queue on Redis (BullMQ): `authmail worker` delivers from it; `serve.queue` adds to it. */
    queue: queueConfigSchema.optional(),
  })
  .strict();

export type SendConfigInput = z.input<typeof sendConfigSchema>;
export type SendConfig = z.output<typeof sendConfigSchema>;
