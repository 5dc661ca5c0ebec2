/**
 * What the preview shows of an email: the build's compiled bundle filled by
 * the runtime, as a send fills it (subject, inbox line, HTML, text, the
 * bundle's own parts, sizes), kept for its frame under `/__email/<id>`; and
 * `authmail check`'s source rules on it (loaded on the first check), and on
 * request its Chromium rules (accessibility, line breaks).
 */
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { CheckRequest, CheckResponse, RenderedPreview, RenderRequest, RenderResponse } from './protocol.ts';
import { renderKey, SNAPSHOT_RENDERS } from './snapshot.ts';
import { toPreviewError, type Workspace } from './workspace.ts';

const RENDERS_KEPT = 100;

export function createEmails(workspace: Workspace) {
  const renders = new Map<string, string>();
  const samples = new Map<string, RenderedPreview>();
  const earlyServed: RenderRequest[] = [];
  let count = 0;
  const keep = (body: string) => {
    const id = `r${++count}`;
    renders.set(id, body);
    if (renders.size > RENDERS_KEPT) renders.delete(renders.keys().next().value as string);
    return id;
  };

  /** The last session's render of this view while the code loads (snapshot.ts), kept for its frame. */
  function early(request: RenderRequest): RenderedPreview | undefined {
    const kept = workspace.early(request);
    if (!kept) return undefined;
    earlyServed.push(request);
    return { ...kept, id: keep(kept.html) };
  }

  /** The runtime, as a send runs it: resolve the locale, validate, escape, fill. */
  async function fill(request: RenderRequest) {
    const { bundle } = await workspace.compile(request.template, request.locale, request.brand);
    // No variables: the template's sample values (the page's first render, asked before it has the meta).
    const variables = request.variables === undefined ? await workspace.sample(request.template) : request.variables;
    return { bundle, email: bundle.render(request.template, { locale: request.locale, variables }) };
  }

  return {
    /** A kept render's HTML, byte for byte, or undefined once it is no longer kept. */
    kept: (id: string) => renders.get(id),

    /** The renders answered from the last session's first view (snapshot.ts). */
    earlyServed: () => [...earlyServed],
    /** The sample renders (no variables) of the code as it loaded, by the request they answer (`renderKey`). */
    samples: () => Object.fromEntries(samples),

    early,

    async render(request: RenderRequest): Promise<RenderResponse> {
      const answered = early(request);
      if (answered) return answered;
      const started = performance.now();
      const generation = workspace.generation;
      try {
        const { bundle, email } = await fill(request);
        const source = bundle.source(request.template, email.locale);
        // Loaded with the first email rendered (htmlparser2's tables take ~25 ms), not before the server listens.
        const { inboxLine } = await import('./inbox-line.ts');
        const rendered: RenderedPreview = {
          ok: true,
          id: keep(email.html),
          template: request.template,
          locale: email.locale,
          dir: email.dir,
          from: await workspace.brandOf(request.brand),
          subject: email.subject,
          preheader: inboxLine(email.html),
          html: email.html,
          text: email.text,
          bundle: { subject: source.subject, html: source.html, text: source.text },
          bytes: {
            html: Buffer.byteLength(email.html),
            htmlGzip: gzipSync(email.html).length,
            text: Buffer.byteLength(email.text),
          },
          generation,
          ms: performance.now() - started,
        };
        if (request.variables === undefined && generation === 0 && samples.size < SNAPSHOT_RENDERS) {
          samples.set(renderKey(request), rendered);
        }
        return rendered;
      } catch (error) {
        return { ok: false, error: toPreviewError(error), generation };
      }
    },

    async check(request: CheckRequest): Promise<CheckResponse> {
      try {
        const { email } = await fill(request);
        const { checkPreviewEmail } = await import('./checks.ts');
        const code = (request.variables as { code?: unknown } | undefined)?.code;
        const browser = request.browser === true;
        return {
          ok: true,
          browser,
          ...(await checkPreviewEmail(
            {
              template: request.template,
              locale: email.locale,
              dir: email.dir,
              subject: email.subject,
              html: email.html,
              text: email.text,
              code: typeof code === 'string' ? code : undefined,
            },
            browser ? { config: await workspace.config(), root: workspace.root } : undefined,
          )),
        };
      } catch (error) {
        return { ok: false, error: toPreviewError(error) };
      }
    },
  };
}

export type Emails = ReturnType<typeof createEmails>;
