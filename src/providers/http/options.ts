/** Options of the http (webhook) transport. */
import { z } from 'zod';
import { bool } from '../../core/schema.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export const httpOptionsSchema = z
  .object({
    /** The receiver's URL. https, or http on a loopback address (or with allowInsecureHttp). */
    endpoint: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
    /** Sent verbatim as the Authorization header (Logto: "Bearer <token>"). */
    authorization: z.string().min(1).optional(),
    /** Standard Webhooks secret (`whsec_<base64>`, or any string of 16+ characters). */
    signingSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Extra request headers. */
    headers: z.record(z.string(), z.string()).optional(),
    /** Allow http:// to a host that is not loopback (codes and credentials travel in clear text). */
    allowInsecureHttp: bool.optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (!URL.canParse(o.endpoint)) return; // reported by `endpoint` itself
    const url = new URL(o.endpoint);
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !o.allowInsecureHttp) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoint'],
        message: 'http:// is only allowed to a loopback host; use https:// (or set allowInsecureHttp)',
      });
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'must not contain credentials (use authorization)' });
    }
  });

export type HttpOptionsInput = z.input<typeof httpOptionsSchema>;
export type HttpOptions = z.output<typeof httpOptionsSchema>;
