/**
 * `authmail dev`: one node:http server on 127.0.0.1 that serves the preview
 * app (Vite, middleware mode, root `preview/`), a small JSON API, the emails
 * as rendered, local copies of the assets, server-sent events for live
 * reload, and the built-in SMTP inbox.
 *
 * Routes:
 *   GET  /api/meta            templates (declared variables, samples), locales, brands, inbox address
 *   POST /api/render          { template, locale, brand, variables } → subject, inbox line, HTML, text, bundle, or the error
 *   POST /api/send            the same plus { to } → sends the email to the local inbox
 *   GET  /api/inbox           received messages; GET /api/inbox/<id> one with headers and both parts; DELETE clears
 *   GET  /api/events          server-sent events: `reload`, `inbox`
 *   GET  /__email/<id>        a rendered email's HTML, byte for byte (the preview iframe)
 *   GET  /__sheet?template&locale&brand&vars   renders and returns one email's HTML (contact sheet)
 *   GET  /__inbox/<id>        a received message's HTML part
 *   GET  /__assets?url=<url>  the local file of an asset URL under `config.assets.baseUrl`; any other URL is refused
 *   GET  /api/visual          the failing comparisons of the last `test:visual`; GET /__visual/<kind>/<id>.png their images
 *   POST /api/visual/approve  { id } → that shot's actual image becomes its baseline
 */
import { readFileSync, watch } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ViteDevServer } from 'vite';
import { localAsset } from '../core/assets.ts';
import { UsageError } from '../core/errors.ts';
import { loadApp } from './app.ts';
import { createGuard } from './guard.ts';
import { type Inbox, startInbox } from './inbox.ts';
import { inboxLine } from './inbox-line.ts';
import type {
  CheckResponse,
  InboxList,
  ReloadEvent,
  RenderRequest,
  RenderResponse,
  SendRequest,
  SendResponse,
} from './protocol.ts';
import { sendTest, type Via } from './send-test.ts';
import { createWorkspace, toPreviewError, type Workspace } from './workspace.ts';

export const DEFAULT_PORT = 3737;

export interface PreviewOptions {
  /** The project: its config, templates and locales (default: the working directory). */
  root?: string | undefined;
  /** HTTP port; 0 picks a free one. Without it, 3737 or the next free port. */
  port?: number | undefined;
  /** Port of the local SMTP inbox; 0 (default) picks a free one. */
  smtpPort?: number | undefined;
  host?: string | undefined;
  /** Progress and reload lines. */
  log?: ((line: string) => void) | undefined;
  /** Serve the app's sources through Vite's dev server (for work on the app) instead of its cached build. */
  appDev?: boolean | undefined;
}

export interface PreviewServer {
  url: string;
  /** Where the local SMTP inbox listens (it starts when first needed, or a second after the first render). */
  inbox: Promise<{ host: string; port: number }>;
  workspace: Workspace;
  close(): Promise<void>;
}

/** The toolkit's own folder: the preview app and the engine's sources. */
const TOOLKIT = fileURLToPath(new URL('../../', import.meta.url));
const APP = join(TOOLKIT, 'preview');
const RENDERS_KEPT = 100;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** Email HTML as it is sent; scripts cannot run in it (mail clients run none). */
const html = (res: ServerResponse, body: string, status = 200) => {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "script-src 'none'",
  });
  res.end(body);
};

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`Request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const errorPage = (title: string, message: string) =>
  `<!doctype html><meta charset="utf-8"><body style="font:13px/1.5 system-ui,sans-serif;color:#b42318;background:#fff5f4;margin:0;padding:16px"><strong>${escapeText(title)}</strong><pre style="white-space:pre-wrap">${escapeText(message)}</pre></body>`;

function listen(server: ReturnType<typeof createServer>, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** `AUTHMAIL_PREVIEW_TRACE=1`: each request and start-up step with its time since the process started. */
const trace = process.env.AUTHMAIL_PREVIEW_TRACE
  ? (what: string) => process.stderr.write(`[${Math.round(performance.now())} ms] ${what}\n`)
  : undefined;

export async function startPreviewServer(options: PreviewOptions = {}): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  trace?.('start');
  const root = options.root ?? process.cwd();
  const workspace = await createWorkspace(root);
  const guard = createGuard();
  /** The visual review (and zod, which reads its record) loads when first asked for: not at start. */
  const visual = () => import('./visual-review.ts').then(({ visualReview }) => visualReview(workspace));
  const renders = new Map<string, string>();
  let renderCount = 0;
  const clients = new Set<ServerResponse>();

  const broadcast = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of clients) client.write(frame);
  };

  const keep = (body: string) => {
    const id = `r${++renderCount}`;
    renders.set(id, body);
    if (renders.size > RENDERS_KEPT) renders.delete(renders.keys().next().value as string);
    return id;
  };

  async function render(request: RenderRequest): Promise<RenderResponse> {
    const started = performance.now();
    const generation = workspace.generation;
    try {
      if (typeof request.template !== 'string' || typeof request.locale !== 'string') {
        throw Object.assign(new Error('template and locale are required'), { code: 'BAD_REQUEST' });
      }
      const { bundle } = await workspace.compile(request.template, request.locale, request.brand);
      // The runtime, as a send runs it: resolve the locale, validate, escape, fill.
      const email = bundle.render(request.template, { locale: request.locale, variables: request.variables });
      const source = bundle.source(request.template, email.locale);
      return {
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
    } catch (error) {
      return { ok: false, error: toPreviewError(error), generation };
    }
  }

  /** `authmail check`'s source rules on the email as rendered (loaded on the first check: not at start). */
  async function check(request: RenderRequest): Promise<CheckResponse> {
    try {
      if (typeof request.template !== 'string' || typeof request.locale !== 'string') {
        throw Object.assign(new Error('template and locale are required'), { code: 'BAD_REQUEST' });
      }
      const { bundle } = await workspace.compile(request.template, request.locale, request.brand);
      const email = bundle.render(request.template, { locale: request.locale, variables: request.variables });
      const { checkPreviewEmail } = await import('./checks.ts');
      const code = (request.variables as { code?: unknown } | undefined)?.code;
      return {
        ok: true,
        ...checkPreviewEmail({
          template: request.template,
          locale: email.locale,
          dir: email.dir,
          subject: email.subject,
          html: email.html,
          text: email.text,
          code: typeof code === 'string' ? code : undefined,
        }),
      };
    } catch (error) {
      return { ok: false, error: toPreviewError(error) };
    }
  }

  // The app (its cached build, or Vite's dev server with --app-dev) and the inbox start beside the
  // code; the first template is rendered once before any browser asks, so that its render is warm.
  // The inbox waits: the page needs it last.
  const viteReady: Promise<ViteDevServer> | undefined = options.appDev
    ? import('vite').then(({ createServer: createVite }) =>
        createVite({
          root: APP,
          configFile: false,
          appType: 'custom',
          clearScreen: false,
          logLevel: 'warn',
          server: { middlewareMode: true, hmr: { server: http }, fs: { allow: [TOOLKIT] } },
          optimizeDeps: { noDiscovery: true, include: [] },
        }),
      )
    : undefined;
  const appReady = viteReady ? undefined : loadApp(APP, TOOLKIT, log);
  if (trace) {
    void (viteReady ?? appReady)?.then(() => trace('app ready'));
    void workspace.ready().then(() => trace('code loaded'));
  }
  const warm = workspace
    .meta()
    .then((meta) => {
      const first = meta.templates[0];
      return first && render({ template: first.id, locale: 'en', brand: '', variables: first.sample });
    })
    .catch(() => undefined)
    .then(() => trace?.('first template rendered (warm-up)'));
  // The inbox starts when first needed, or once the start-up is over (with esbuild, which a start
  // from the cached bundle has not needed yet): loading smtp-server would otherwise block the event
  // loop just as the browser asks for its first email.
  let inboxStarting: Promise<Inbox> | undefined;
  let inboxStarted: (inbox: Inbox) => void = () => undefined;
  const inboxListening = new Promise<Inbox>((resolve) => {
    inboxStarted = resolve;
  });
  const inbox = () => {
    inboxStarting ??= startInbox({ host, port: options.smtpPort ?? 0 }).then((started) => {
      started.events.on('message', (message) => broadcast('inbox', message));
      inboxStarted(started);
      return started;
    });
    return inboxStarting;
  };
  let inboxTimer: NodeJS.Timeout | undefined;
  /** Set when the server gave up before listening: nothing may start after that. */
  let abandoned = false;
  void warm.then(() => {
    if (abandoned) return;
    inboxTimer = setTimeout(() => {
      void inbox().catch(() => undefined);
      void workspace.warmReloads().catch(() => undefined);
    }, 1_000);
    inboxTimer.unref();
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const { pathname } = url;
    const method = req.method ?? 'GET';
    if (pathname === '/api/meta') {
      json(res, 200, await workspace.meta());
    } else if (pathname === '/api/render' && method === 'POST') {
      json(res, 200, await render((await readBody(req)) as RenderRequest));
    } else if (pathname === '/api/check' && method === 'POST') {
      json(res, 200, await check((await readBody(req)) as RenderRequest));
    } else if (pathname === '/api/send' && method === 'POST') {
      const request = (await readBody(req)) as SendRequest;
      let response: SendResponse;
      try {
        if (typeof request.template !== 'string' || typeof request.locale !== 'string') {
          throw Object.assign(new Error('template and locale are required'), { code: 'BAD_REQUEST' });
        }
        const { bundle } = await workspace.compile(request.template, request.locale, request.brand);
        const via: Via =
          request.via === 'configured'
            ? { kind: 'configured', config: await workspace.config(), cwd: workspace.root }
            : { kind: 'inbox', host, port: (await inbox()).port };
        const result = await sendTest(
          {
            bundle,
            template: request.template,
            locale: request.locale,
            variables: request.variables,
            to: request.to || 'designer@localhost',
            from: await workspace.brandOf(request.brand),
          },
          via,
        );
        response = { ok: true, ...result };
      } catch (error) {
        response = { ok: false, error: toPreviewError(error, 'SEND_ERROR') };
      }
      json(res, 200, response);
    } else if (pathname === '/api/visual' && method === 'GET') {
      json(res, 200, await (await visual()).list());
    } else if (pathname === '/api/visual/approve' && method === 'POST') {
      const approved = await (await visual()).approve(await readBody(req));
      if (approved.ok) log(`✓ approved ${approved.id}: ${approved.baseline}`);
      json(res, approved.ok ? 200 : approved.error.code === 'BAD_REQUEST' ? 400 : 409, approved);
    } else if (pathname.startsWith('/__visual/')) {
      const png = await (await visual()).image(pathname);
      if (!png)
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No such image of the last visual run');
      else res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(png);
    } else if (pathname === '/api/inbox' && method === 'GET') {
      const started = await inbox();
      json(res, 200, { address: { host, port: started.port }, messages: started.list() } satisfies InboxList);
    } else if (pathname === '/api/inbox' && method === 'DELETE') {
      (await inbox()).clear();
      json(res, 200, { ok: true });
    } else if (pathname.startsWith('/api/inbox/')) {
      const message = (await inbox()).get(pathname.slice('/api/inbox/'.length));
      if (message) json(res, 200, message);
      else json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such message' } });
    } else if (pathname === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`retry: 500\nevent: hello\ndata: ${JSON.stringify({ generation: workspace.generation })}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else if (pathname.startsWith('/__email/')) {
      const body = renders.get(pathname.slice('/__email/'.length));
      if (body === undefined) html(res, errorPage('Expired', 'This render is no longer kept; render again.'), 404);
      else html(res, body);
    } else if (pathname === '/__sheet') {
      const q = url.searchParams;
      const vars = q.get('vars');
      let variables: unknown;
      try {
        variables = vars ? JSON.parse(vars) : undefined;
      } catch {
        html(res, errorPage('Bad variables', 'vars is not JSON'));
        return true;
      }
      if (variables === undefined) {
        const meta = await workspace.meta().catch(() => undefined);
        variables = meta?.templates.find((t) => t.id === q.get('template'))?.sample;
      }
      const rendered = await render({
        template: q.get('template') ?? '',
        locale: q.get('locale') ?? 'en',
        brand: q.get('brand') ?? '',
        variables,
      });
      if (rendered.ok) html(res, rendered.html);
      else html(res, errorPage(rendered.error.code, rendered.error.message));
    } else if (pathname.startsWith('/__inbox/')) {
      const message = (await inbox()).get(pathname.slice('/__inbox/'.length));
      if (!message) html(res, errorPage('Not found', 'No such message'), 404);
      else if (message.html === null) html(res, errorPage('No HTML part', 'This message has only a text part.'));
      else html(res, message.html);
    } else if (pathname === '/__assets') {
      const asset = localAsset(url.searchParams.get('url') ?? '', (await workspace.config()).assets, workspace.root);
      if (!asset) {
        // The service worker sends every other host's URL here: refused, never fetched.
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(
          'authmail preview works offline: only URLs under config.assets.baseUrl with a file in config.assets.dir are served.',
        );
      } else {
        res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
        res.end(readFileSync(asset.path));
      }
    } else if (viteReady && (pathname === '/' || pathname === '/index.html')) {
      const page = await (await viteReady).transformIndexHtml(
        url.pathname,
        readFileSync(join(APP, 'index.html'), 'utf8'),
      );
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(guard.injectToken(page));
    } else if (appReady) {
      const page = pathname === '/' || pathname === '/index.html';
      const file = (await appReady).get(page ? '/' : pathname);
      if (!file) return false;
      // Built file names carry their content hash; the page (which carries this start's token) and the
      // service worker are looked up every time.
      const immutable = pathname.startsWith('/assets/');
      res.writeHead(200, {
        'content-type': file.type,
        'cache-control': immutable ? 'max-age=31536000, immutable' : page ? 'no-store' : 'no-cache',
      });
      res.end(page ? guard.injectToken(file.body.toString('utf8')) : file.body);
    } else {
      return false;
    }
    return true;
  }

  const http = createServer((req, res) => {
    // Loopback names only (no DNS rebinding from a web page).
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
      res.writeHead(403).end('authmail preview answers on loopback names only');
      return;
    }
    // Nothing but the preview's own page may change state or send (see guard.ts).
    const refusal = guard.check(req.method ?? 'GET', req.headers);
    if (refusal) {
      json(res, refusal.status, { ok: false, error: { code: refusal.code, message: refusal.message } });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (trace) {
      trace(`→ ${req.method} ${url.pathname}`);
      res.on('finish', () => trace(`← ${res.statusCode} ${url.pathname}`));
    }
    route(req, res, url)
      .then(async (handled) => {
        if (handled) return;
        const notFound = () => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        if (viteReady) (await viteReady).middlewares(req, res, notFound);
        else notFound();
      })
      .catch((error: unknown) => {
        if (res.headersSent) res.end();
        // A malformed request (a bad % escape, a body that is not JSON) is the client's: 400, no stack.
        else if (error instanceof URIError || error instanceof SyntaxError || error instanceof BodyTooLarge)
          json(res, error instanceof BodyTooLarge ? 413 : 400, {
            ok: false,
            error: { code: 'BAD_REQUEST', message: error.message },
          });
        else json(res, 500, { ok: false, error: { ...toPreviewError(error, 'SERVER_ERROR'), stack: undefined } });
      });
  });

  /** Vite, the inbox and the code loader: what a start opens besides the HTTP server. */
  const closeParts = () =>
    Promise.all([
      viteReady?.then((vite) => vite.close()),
      inboxStarting?.then((started) => started.close()).catch(() => undefined),
      workspace.close(),
    ]);

  let port: number;
  const wanted = options.port ?? DEFAULT_PORT;
  for (let attempt = 0; ; attempt++) {
    try {
      port = await listen(http, options.port === undefined ? wanted + attempt : wanted, host);
      break;
    } catch (error) {
      const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (busy && options.port !== undefined) {
        abandoned = true;
        clearTimeout(inboxTimer);
        await closeParts();
        throw new UsageError(
          `port ${wanted} on ${host} is in use (another authmail dev?): stop what listens there, pick another --port, or leave --port out to take the next free one`,
        );
      }
      if (!busy || attempt >= 20) throw error;
    }
  }

  // Live reload: templates, components, the config, any source the build uses, and the locale files.
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    timer = undefined;
    const files = [...changed];
    changed = new Set();
    const locales = files.some((f) => f.startsWith(`locales${sep}`));
    const code = files.some((f) => !f.startsWith(`locales${sep}`));
    const result = await workspace.reload({ code, locales, files: files.map((f) => join(root, f)) });
    const event: ReloadEvent = { generation: workspace.generation, files, ms: result.ms, error: result.error };
    broadcast('reload', event);
    log(
      result.error
        ? `✗ ${files.join(', ')}: ${result.error.message.split('\n')[0]}`
        : `↻ ${files.join(', ')} (${result.ms.toFixed(0)} ms)`,
    );
  };
  const onChange = (dir: string) => (_event: string, filename: string | Buffer | null) => {
    if (!filename) return;
    const abs = join(dir, filename.toString());
    const rel = relative(root, abs);
    const relevant =
      (rel.startsWith(`locales${sep}`) && rel.endsWith('.json')) ||
      (rel.startsWith(`emails${sep}`) && /\.(tsx?|json)$/.test(rel)) ||
      workspace.files.has(abs);
    if (!relevant) return;
    changed.add(rel);
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), 15);
  };
  // The project's templates, locales and config; the toolkit's sources too (the engine is built from them).
  const watched = [
    ...[join(root, 'emails'), join(root, 'locales'), join(TOOLKIT, 'src')].map((dir) => [dir, true] as const),
    [root, false] as const,
  ];
  const watchers = [...new Map(watched)].flatMap(([dir, recursive]) => {
    try {
      return [watch(dir, { recursive }, onChange(dir))];
    } catch {
      return []; // a folder the project does not have
    }
  });
  for (const w of watchers) w.on('error', () => undefined);

  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 20_000);
  keepAlive.unref();

  return {
    url: `http://${host}:${port}/`,
    inbox: inboxListening.then((started) => ({ host, port: started.port })),
    workspace,
    async close() {
      clearTimeout(inboxTimer);
      clearInterval(keepAlive);
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const client of clients) client.end();
      await Promise.all([
        closeParts(),
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
      ]);
    },
  };
}
