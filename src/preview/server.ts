/**
 * `authmail dev`: one node:http server on 127.0.0.1 that serves the preview
 * app (its shipped or cached Vite build, or Vite's dev server with
 * `--app-dev`), the routes of `routes.ts` (JSON API, email frames, inbox,
 * visual review), server-sent events for live reload (`live-reload.ts`),
 * and the built-in SMTP inbox. Every request passes the loopback Host check
 * and the cross-site guard (`guard.ts`) before its route.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ViteDevServer } from 'vite';
import { UsageError } from '../core/errors.ts';
import { ListenError, listen, RequestError, sendJson } from '../core/http.ts';
import { refreshVendor } from '../project/vendor.mjs';
import { loadApp } from './app.ts';
import { PREVIEW_CACHE } from './cache-dir.mjs';
import { closeChecksBrowser } from './checks-browser.ts';
import { createEmails } from './emails.ts';
import { createGuard } from './guard.ts';
import { type Inbox, startInbox } from './inbox.ts';
import { createEventStream, watchProject } from './live-reload.ts';
import { dataScript } from './page-data.ts';
import type { FirstView, Meta, ReloadEvent, WatcherEvent } from './protocol.ts';
import { createRoutes, findRoute } from './routes.ts';
import { renderKey, sameEmail } from './snapshot.ts';
import { trace } from './trace.mjs';
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
  /**
   * Resolves once saves are followed at full speed: the watch has scanned the project and the code's modules
   * are compiled one by one (a save before that waits for them: up to a second in all).
   */
  live: Promise<void>;
  workspace: Workspace;
  close(): Promise<void>;
}

/** The toolkit's own folder: the preview app and the engine's sources. */
const TOOLKIT = fileURLToPath(new URL('../../', import.meta.url));
const APP = join(TOOLKIT, 'preview');
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

export async function startPreviewServer(options: PreviewOptions = {}): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  trace?.('start');
  const root = options.root ?? process.cwd();
  const since = Date.now();
  const workspace = await createWorkspace(root, { trace });
  const guard = createGuard();
  const emails = createEmails(workspace);
  const events = createEventStream();
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
    void (viteReady ?? appReady)?.then(() => trace?.('app ready'));
    void workspace.ready().then(() => trace?.('code loaded'));
  }
  /** The view the first page load asked for (`/?template=…&locale=…&brand=…`): the email to warm. */
  let firstView: URLSearchParams | undefined;
  const warm = workspace
    .ready()
    // One turn of the event loop first, so that a page already waiting says which email it shows.
    .then(() => new Promise((resolve) => setImmediate(resolve)))
    .then(() => workspace.meta())
    .then((meta) => {
      const first = meta.templates.find((t) => t.id === firstView?.get('template')) ?? meta.templates[0];
      return (
        first &&
        emails.render({
          template: first.id,
          locale: firstView?.get('locale') || 'en',
          brand: firstView?.get('brand') ?? '',
          // No variables: the sample, kept for the next start's first view.
        })
      );
    })
    .catch(() => undefined)
    .then(() => trace?.('first template rendered (warm-up)'))
    .then(() => verifyFirstView())
    .catch(() => undefined);
  /**
   * The first view answered from the last session's (snapshot.ts), checked against the code once it has
   * loaded: what the stamps cannot see (an environment variable the config reads) makes the page show its
   * view again.
   */
  async function verifyFirstView() {
    const served = workspace.servedSnapshot();
    if (!served) return;
    const differs: string[] = [];
    // The generation aside: the last session's had counted its own reloads.
    const withoutGeneration = (meta: Meta) => JSON.stringify({ ...meta, generation: 0 });
    if (withoutGeneration(await workspace.meta()) !== withoutGeneration(served.meta))
      differs.push('templates, locales, brands');
    for (const request of emails.earlyServed()) {
      if (!sameEmail(served.renders[renderKey(request)], await emails.render(request))) {
        differs.push(`${request.template}/${request.locale}`);
      }
    }
    trace?.(differs.length ? `first view: differed (${differs.join('; ')})` : 'first view: as the code renders it');
    if (differs.length) {
      // A new generation: a page whose event stream opens after this sees it in the stream's hello.
      await workspace.reload({ code: false, locales: false });
      events.broadcast('reload', {
        generation: workspace.generation,
        files: [],
        ms: 0,
        error: null,
        reason: `Shown again: the first view kept from the last start differed from what the code renders now (${differs.join('; ')})`,
      } satisfies ReloadEvent);
    }
  }
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
      started.events.on('message', (message) => events.broadcast('inbox', message));
      inboxStarted(started);
      return started;
    });
    return inboxStarting;
  };
  let inboxTimer: NodeJS.Timeout | undefined;
  /** The next start's first view (snapshot.ts), kept once idle, or at the latest on close. */
  let firstViewKept: Promise<void> | undefined;
  const keepFirstView = () => {
    // Once the warm-up render and the check of an early view are done: their renders are what is kept (a
    // server stopped during them kept none, and the next start rendered its first email the slow way).
    // Not waited for when the code has not begun loading: a stop during the first view keeps nothing.
    firstViewKept ??= (
      workspace.loading ? warm.then(() => workspace.keepFirstView(emails.samples())) : Promise.resolve()
    )
      .then((kept) => {
        trace?.(
          kept === undefined
            ? 'first view not kept: the code had not loaded (the last one stays)'
            : `first view ${kept ? 'kept' : 'not kept: a file changed as the code loaded'}`,
        );
      })
      .catch(() => undefined);
    return firstViewKept;
  };
  /** The next start's pre-bundled dependencies, brought up to date once idle, or at the latest on close. */
  let vendorRefresh: Promise<void> | undefined;
  const refreshDependencies = () => {
    // Only after the code loaded in full: a bundle of part of its imports would load the rest natively.
    vendorRefresh ??= workspace
      .ready()
      .then(() => (workspace.error ? 'not refreshed: the code did not load' : refreshVendor(PREVIEW_CACHE)))
      .then((what) => {
        trace?.(`vendor: ${what}`);
      });
  };
  // The watch starts once the start-up is over too: its scan of the folders (hundreds of milliseconds in a
  // large tree) would otherwise hold up the first email's requests. What changed meanwhile is reloaded once
  // it is ready (`since`).
  let watcher: { ready: Promise<void>; close(): Promise<void> } | undefined;
  let liveReady: () => void = () => undefined;
  const live = new Promise<void>((resolve) => {
    liveReady = resolve;
  });
  const watch = () =>
    watchProject({
      root,
      toolkit: TOOLKIT,
      workspace,
      onReload: (event) => events.broadcast('reload', event),
      onError: (message) => events.broadcast('watcher', { message } satisfies WatcherEvent),
      log,
      since,
    });
  /** Set when the server gave up before listening or closed: nothing may start after that. */
  let abandoned = false;
  void warm.then(() => {
    if (abandoned) return;
    inboxTimer = setTimeout(() => {
      watcher = watch();
      // The first view is kept first: a session stopped right after its start-up work still leaves it.
      void keepFirstView().finally(() => {
        void inbox().catch(() => undefined);
        const graphStarted = performance.now();
        void Promise.all([
          watcher?.ready,
          workspace
            .warmReloads()
            .catch(() => undefined)
            .then(() => trace?.(`module-level reloads ready (${Math.round(performance.now() - graphStarted)} ms)`)),
        ]).then(() => liveReady());
      });
      refreshDependencies();
    }, 1_000);
    inboxTimer.unref();
  });

  const routes = createRoutes({ workspace, emails, events, inbox, host, log });

  /**
   * The page with this start's token, and its first view when the server has it at hand (the last
   * session's, snapshot.ts): the meta, and the email the address names with its sample values, which the
   * page would otherwise ask for as soon as its script runs, a round trip each on a machine busy starting.
   */
  function pageFor(html: string, query: URLSearchParams) {
    const page = guard.injectToken(html);
    const meta = workspace.earlyMeta();
    if (!meta) return page;
    const first: FirstView = { meta };
    // The page's own defaults (preview/src/state.ts): the email view, the first template, English, the config's brand.
    const template = query.get('template') || meta.templates[0]?.id;
    if ((query.get('view') || 'email') === 'email' && template) {
      const request = { template, locale: query.get('locale') || 'en', brand: query.get('brand') || '' };
      const response = emails.early(request);
      if (response) first.render = { request, response };
    }
    const data = dataScript('authmail-first-view', first);
    // A function, not a string: `$&` or `$'` in the data must not be read as replacement patterns.
    return page.includes('</body>') ? page.replace('</body>', () => `${data}</body>`) : `${page}${data}`;
  }

  /** The app's own files: Vite's transformed page with --app-dev, else the build from memory. */
  async function serveApp(res: ServerResponse, url: URL): Promise<boolean> {
    const { pathname } = url;
    const page = pathname === '/' || pathname === '/index.html';
    if (viteReady && page) {
      const html = await (await viteReady).transformIndexHtml(
        url.pathname,
        readFileSync(join(APP, 'index.html'), 'utf8'),
      );
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pageFor(html, url.searchParams));
      return true;
    }
    const file = appReady && (await appReady).get(page ? '/' : pathname);
    if (!file) return false;
    // Built file names carry their content hash; the page (which carries this start's token) and the
    // service worker are looked up every time.
    const immutable = pathname.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': immutable ? 'max-age=31536000, immutable' : page ? 'no-store' : 'no-cache',
    });
    res.end(page ? pageFor(file.body.toString('utf8'), url.searchParams) : file.body);
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const found = findRoute(routes, req.method ?? 'GET', url.pathname);
    if (found) return found.route.handle(req, res, url, found.param);
    if (await serveApp(res, url)) return;
    const notFound = () => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    if (viteReady) (await viteReady).middlewares(req, res, notFound);
    else notFound();
  }

  const http = createServer((req, res) => {
    // Only the preview itself may frame its pages (clickjacking: another site framing Send test or Approve).
    res.setHeader('content-security-policy', "frame-ancestors 'self'");
    res.setHeader('x-frame-options', 'SAMEORIGIN');
    // Loopback names only (no DNS rebinding from a web page).
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
      res.writeHead(403).end('authmail preview answers on loopback names only');
      return;
    }
    // Nothing but the preview's own page may change state or send (see guard.ts).
    const refusal = guard.check(req.method ?? 'GET', req.headers);
    if (refusal) {
      sendJson(res, refusal.status, { ok: false, error: { code: refusal.code, message: refusal.message } });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') firstView ??= url.searchParams;
    if (trace) {
      trace(`→ ${req.method} ${url.pathname}`);
      res.on('finish', () => trace?.(`← ${res.statusCode} ${url.pathname}`));
    }
    handle(req, res, url).catch((error: unknown) => {
      if (res.headersSent) res.end();
      // A malformed request (a bad % escape, a body that is not JSON or not the route's shape, too large)
      // is the client's: 4xx, no stack.
      else if (error instanceof RequestError)
        sendJson(res, error.status, {
          ok: false,
          error: { code: error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: error.message },
        });
      else if (error instanceof URIError)
        sendJson(res, 400, { ok: false, error: { code: 'BAD_REQUEST', message: error.message } });
      else sendJson(res, 500, { ok: false, error: { ...toPreviewError(error, 'SERVER_ERROR'), stack: undefined } });
    });
  });

  /** Vite, the inbox and the code loader: what a start opens besides the HTTP server. */
  const closeParts = () =>
    Promise.all([
      viteReady?.then((vite) => vite.close()),
      inboxStarting?.then((started) => started.close()).catch(() => undefined),
      closeChecksBrowser(),
      workspace.close(),
      vendorRefresh,
    ]);

  let port: number;
  const wanted = options.port ?? DEFAULT_PORT;
  for (let attempt = 0; ; attempt++) {
    try {
      port = await listen(http, options.port === undefined ? wanted + attempt : wanted, host);
      break;
    } catch (error) {
      const busy = error instanceof ListenError && error.errno === 'EADDRINUSE';
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

  return {
    url: `http://${host}:${port}/`,
    inbox: inboxListening.then((started) => ({ host, port: started.port })),
    live,
    workspace,
    async close() {
      clearTimeout(inboxTimer);
      abandoned = true;
      // A session shorter than its start-up work still leaves the next start its dependencies and first view.
      refreshDependencies();
      await keepFirstView();
      events.close();
      await Promise.all([
        watcher?.close(),
        closeParts(),
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
      ]);
    },
  };
}
