import type {
  ApproveRequest,
  ApproveResponse,
  CheckRequest,
  CheckResponse,
  InboxList,
  InboxMessage,
  Meta,
  PreviewError,
  RenderRequest,
  RenderResponse,
  SendRequest,
  SendResponse,
  VisualReview,
} from '../../src/preview/protocol.ts';

/** This start's token, written into the page by the server; every request that changes state carries it. */
const token = document.querySelector<HTMLMetaElement>('meta[name="authmail-token"]')?.content ?? '';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { ...(init?.headers as Record<string, string> | undefined), 'x-authmail-token': token },
  });
  const body = (await res.json()) as T | { ok: false; error: PreviewError };
  if (!res.ok) throw new Error((body as { error: PreviewError }).error?.message ?? `${path}: HTTP ${res.status}`);
  return body as T;
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const api = {
  meta: () => call<Meta>('/api/meta'),
  render: (request: RenderRequest) => call<RenderResponse>('/api/render', post(request)),
  check: (request: CheckRequest) => call<CheckResponse>('/api/check', post(request)),
  send: (request: SendRequest) => call<SendResponse>('/api/send', post(request)),
  inbox: () => call<InboxList>('/api/inbox'),
  message: (id: string) => call<InboxMessage>(`/api/inbox/${encodeURIComponent(id)}`),
  clearInbox: () => call<{ ok: true }>('/api/inbox', { method: 'DELETE' }),
  visual: () => call<VisualReview>('/api/visual'),
  approve: (request: ApproveRequest) => call<ApproveResponse>('/api/visual/approve', post(request)),
};

/** URL of one email rendered for the contact sheet. */
export const sheetUrl = (q: {
  template: string;
  locale: string;
  brand: string;
  vars?: unknown;
  generation: number;
}) => {
  const params = new URLSearchParams({
    template: q.template,
    locale: q.locale,
    brand: q.brand,
    g: String(q.generation),
  });
  if (q.vars !== undefined) params.set('vars', JSON.stringify(q.vars));
  return `/__sheet?${params}`;
};
