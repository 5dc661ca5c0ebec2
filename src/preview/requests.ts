/**
 * The preview's request bodies, validated at the edge (as serve's are):
 * loaded on the first request that has a body, when the config's load has
 * brought zod in already, so a start does not pay for it.
 */
import { z } from 'zod';
import { RequestError } from '../core/http.ts';
import { zodIssues } from '../core/schema.ts';
import type { ApproveRequest, CheckRequest, RenderRequest, SendRequest } from './protocol.ts';

const renderRequest = z.object({
  template: z.string().min(1, 'a template id is required'),
  locale: z.string().min(1, 'a locale is required'),
  brand: z.string().optional(),
  variables: z.unknown().optional(),
});

const checkRequest = renderRequest.extend({ browser: z.boolean().optional() });

const sendRequest = renderRequest.extend({
  to: z.string().default(''),
  via: z.enum(['inbox', 'configured']).optional(),
});

const shotId = z.string().min(1);
/** One shot (`id`) or several at once (`ids`: approve all of a template, a locale or the run). */
const approveRequest = z
  .object({ id: shotId.optional(), ids: z.array(shotId).min(1).max(100_000).optional() })
  .refine((r) => r.id !== undefined || r.ids !== undefined, {
    message: 'approve needs { "id": "<locale>/<template>.<variant>" } or { "ids": [...] }',
  })
  .transform((r): ApproveRequest => ({ ids: r.ids ?? [r.id as string] }));

function parse<T>(schema: z.ZodType<T, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error);
  throw new RequestError(400, 'BAD_REQUEST', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}

export const parseRender = (body: unknown): RenderRequest => parse(renderRequest, body);
export const parseCheck = (body: unknown): CheckRequest => parse(checkRequest, body);
export const parseSend = (body: unknown): SendRequest => parse(sendRequest, body);
export const parseApprove = (body: unknown): ApproveRequest => parse(approveRequest, body);
