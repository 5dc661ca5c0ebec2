/**
 * The preview's routes, one entry each: the JSON API the page calls, the
 * emails' frames, the inbox and the visual review. `server.ts` checks the
 * Host and the guard first, then dispatches here (the app's own files after).
 *
 *   GET  /api/meta            templates (declared variables, samples), locales, brands, inbox address
 *   POST /api/render          { template, locale, brand, variables? (default: the sample) } → subject, inbox line, HTML, text, bundle, or the error
 *   POST /api/check           the same (+ browser: true for the Chromium rules) → `authmail check`'s findings for that email
 *   POST /api/send            the same plus { to, via } → sends the email to the local inbox or the configured transport
 *   GET  /api/inbox           received messages; GET /api/inbox/<id> one with headers and both parts; DELETE clears
 *   GET  /api/events          server-sent events: `reload`, `inbox`
 *   GET  /api/visual          the failing comparisons of the last `test:visual`; GET /__visual/<kind>/<id>.webp their images
 *   POST /api/visual/approve  { id } or { ids } → those shots' actual images become their baselines (all or none)
 *   GET  /__email/<id>        a rendered email's HTML, byte for byte (the preview iframe)
 *   GET  /__sheet?template&locale&brand&vars   renders and returns one email's HTML (contact sheet)
 *   GET  /__inbox/<id>        a received message's HTML part
 *   GET  /__assets?url=<url>  the local file of an asset URL under `config.assets.baseUrl`; any other URL is refused
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { ASSET_TYPES, localAsset } from '../core/assets.ts';
import { readJson, sendJson } from '../core/http.ts';
import { imageType } from '../visual/image-type.ts';
import type { Emails } from './emails.ts';
import type { Inbox } from './inbox.ts';
import type { EventStream } from './live-reload.ts';
import type { InboxList, SendResponse } from './protocol.ts';
import { toPreviewError, type Workspace } from './workspace.ts';

const BODY_LIMIT = 1_000_000;

export interface PreviewContext {
  workspace: Workspace;
  emails: Emails;
  events: EventStream;
  /** The local SMTP inbox, started on first use. */
  inbox(): Promise<Inbox>;
  host: string;
  log(line: string): void;
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** An exact path, or a pattern whose first group is the route's parameter. */
  path: string | RegExp;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, param: string): Promise<void> | void;
}

/** Email HTML as it is sent; scripts cannot run in it (mail clients run none). */
export function sendHtml(res: ServerResponse, body: string, status = 200) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "script-src 'none'; frame-ancestors 'self'",
  });
  res.end(body);
}

const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const errorPage = (title: string, message: string) =>
  `<!doctype html><meta charset="utf-8"><body style="font:13px/1.5 system-ui,sans-serif;color:#b42318;background:#fff5f4;margin:0;padding:16px"><strong>${escapeText(title)}</strong><pre style="white-space:pre-wrap">${escapeText(message)}</pre></body>`;

const text = (res: ServerResponse, status: number, body: string) =>
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);

/** Request bodies are parsed by requests.ts, loaded with the first one (zod is in by then: the config needs it). */
const requests = () => import('./requests.ts');

export function createRoutes(ctx: PreviewContext): Route[] {
  const { workspace, emails, events, host } = ctx;
  /** The visual review (and its record's schema) loads when first asked for: not at start. */
  const visual = () => import('./visual-review.ts').then(({ visualReview }) => visualReview(workspace));

  return [
    { method: 'GET', path: '/api/meta', handle: async (_req, res) => sendJson(res, 200, await workspace.meta()) },
    {
      method: 'POST',
      path: '/api/render',
      handle: async (req, res) =>
        sendJson(res, 200, await emails.render((await requests()).parseRender(await readJson(req, BODY_LIMIT)))),
    },
    {
      method: 'POST',
      path: '/api/check',
      handle: async (req, res) =>
        sendJson(res, 200, await emails.check((await requests()).parseCheck(await readJson(req, BODY_LIMIT)))),
    },
    {
      method: 'POST',
      path: '/api/send',
      async handle(req, res) {
        const request = (await requests()).parseSend(await readJson(req, BODY_LIMIT));
        let response: SendResponse;
        try {
          const { sendTest } = await import('./send-test.ts');
          const { bundle } = await workspace.compile(request.template, request.locale, request.brand);
          const result = await sendTest(
            {
              bundle,
              template: request.template,
              locale: request.locale,
              variables: request.variables,
              to: request.to || 'designer@localhost',
              from: await workspace.brandOf(request.brand),
            },
            request.via === 'configured'
              ? { kind: 'configured', config: await workspace.config(), cwd: workspace.root }
              : { kind: 'inbox', host, port: (await ctx.inbox()).port },
          );
          response = { ok: true, ...result };
        } catch (error) {
          response = { ok: false, error: toPreviewError(error, 'SEND_ERROR') };
        }
        sendJson(res, 200, response);
      },
    },
    {
      method: 'GET',
      path: '/api/inbox',
      async handle(_req, res) {
        const started = await ctx.inbox();
        sendJson(res, 200, { address: { host, port: started.port }, messages: started.list() } satisfies InboxList);
      },
    },
    {
      method: 'DELETE',
      path: '/api/inbox',
      async handle(_req, res) {
        (await ctx.inbox()).clear();
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/inbox\/(.+)$/,
      async handle(_req, res, _url, id) {
        const message = (await ctx.inbox()).get(id);
        if (message) sendJson(res, 200, message);
        else sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such message' } });
      },
    },
    {
      method: 'GET',
      path: '/api/events',
      handle: (req, res) => events.open(req, res, { generation: workspace.generation }),
    },
    {
      method: 'GET',
      path: '/api/visual',
      handle: async (_req, res) => sendJson(res, 200, await (await visual()).list()),
    },
    {
      method: 'POST',
      path: '/api/visual/approve',
      async handle(req, res) {
        const request = (await requests()).parseApprove(await readJson(req, BODY_LIMIT));
        const approved = await (await visual()).approve(request);
        if (approved.ok) for (const baseline of approved.baselines) ctx.log(`✓ approved ${baseline}`);
        sendJson(res, approved.ok ? 200 : 409, approved);
      },
    },
    {
      method: 'GET',
      path: /^(\/__visual\/.+)$/,
      async handle(_req, res, _url, path) {
        const image = await (await visual()).image(path);
        if (!image) text(res, 404, 'No such image of the last visual run');
        else res.writeHead(200, { 'content-type': imageType(image), 'cache-control': 'no-store' }).end(image);
      },
    },
    {
      method: 'GET',
      path: /^\/__email\/(.+)$/,
      handle(_req, res, _url, id) {
        const body = emails.kept(id);
        workspace.deferLoad();
        if (body === undefined)
          sendHtml(res, errorPage('Expired', 'This render is no longer kept; render again.'), 404);
        else sendHtml(res, body);
      },
    },
    {
      method: 'GET',
      path: '/__sheet',
      async handle(_req, res, url) {
        const q = url.searchParams;
        const vars = q.get('vars');
        let variables: unknown;
        try {
          variables = vars ? JSON.parse(vars) : undefined;
        } catch {
          sendHtml(res, errorPage('Bad variables', 'vars is not JSON'));
          return;
        }
        if (variables === undefined) {
          const meta = await workspace.meta().catch(() => undefined);
          variables = meta?.templates.find((t) => t.id === q.get('template'))?.sample;
        }
        const rendered = await emails.render({
          template: q.get('template') ?? '',
          locale: q.get('locale') ?? 'en',
          brand: q.get('brand') ?? '',
          variables,
        });
        if (rendered.ok) sendHtml(res, rendered.html);
        else sendHtml(res, errorPage(rendered.error.code, rendered.error.message));
      },
    },
    {
      method: 'GET',
      path: /^\/__inbox\/(.+)$/,
      async handle(_req, res, _url, id) {
        const message = (await ctx.inbox()).get(id);
        if (!message) sendHtml(res, errorPage('Not found', 'No such message'), 404);
        else if (message.html === null) sendHtml(res, errorPage('No HTML part', 'This message has only a text part.'));
        else sendHtml(res, message.html);
      },
    },
    {
      method: 'GET',
      // React Email's preview serves emails/static/ at /static/ (a built email has them under assets.baseUrl).
      path: /^\/static\/(.+)$/,
      async handle(_req, res, _url, rest) {
        const root = resolve(workspace.root, 'emails', 'static');
        let file: string;
        try {
          file = resolve(root, decodeURIComponent(rest as string));
        } catch {
          return text(res, 400, 'A malformed % escape in the path.');
        }
        const type = ASSET_TYPES[extname(file).toLowerCase()];
        if (!file.startsWith(`${root}${sep}`) || !type || !existsSync(file)) {
          return text(res, 404, `No file emails/static/${rest} (images only).`);
        }
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
        res.end(readFileSync(file));
      },
    },
    {
      method: 'GET',
      path: '/__assets',
      async handle(_req, res, url) {
        workspace.deferLoad();
        const asset = localAsset(url.searchParams.get('url') ?? '', await workspace.assets(), workspace.root);
        // The service worker sends every other host's URL here: refused, never fetched.
        if (!asset) {
          text(
            res,
            403,
            'authmail preview works offline: only URLs under config.assets.baseUrl with a file in config.assets.dir are served.',
          );
        } else {
          res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
          res.end(readFileSync(asset.path));
        }
      },
    },
  ];
}

/** The route for a request, with its parameter. */
export function findRoute(
  routes: Route[],
  method: string,
  pathname: string,
): { route: Route; param: string } | undefined {
  for (const route of routes) {
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
    if (typeof route.path === 'string') {
      if (route.path === pathname) return { route, param: '' };
    } else {
      const match = route.path.exec(pathname);
      if (match) return { route, param: match[1] ?? '' };
    }
  }
  return undefined;
}
