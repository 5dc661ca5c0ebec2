/**
 * The authmail preview app. Plain TypeScript and DOM (no framework to load,
 * so the first email shows fast). State lives in the URL (template, locale,
 * view, …) and in sessionStorage (edited variables), and survives live
 * reloads, which re-render in place without reloading the page.
 */
import type { FirstView, ReloadEvent, WatcherEvent } from '../../src/preview/protocol.ts';
import { api } from './api.ts';
import { replaceChildren } from './dom.ts';
import { startServiceWorker, VARIANTS } from './frame.ts';
import { $app, layout } from './layout.ts';
import { app, state } from './state.ts';
import { setNote, status } from './ui.ts';
import { errorBox, offerEarly, refresh, renderEarly } from './views/email.ts';
import { showInbox, updateInboxCount } from './views/inbox.ts';
import { showSheet } from './views/sheet.ts';
import './style.css';

/** A reload: the new generation's email first, then the page if the meta changed. */
function reloaded(event: ReloadEvent) {
  app.generation = event.generation;
  document.body.dataset.generation = String(app.generation);
  void (async () => {
    const why = event.reason ?? `Reloaded after ${event.files.join(', ')} changed (${event.ms.toFixed(0)} ms)`;
    app.reloaded = why;
    // The email first (a save's repaint waits for nothing else); the page is rebuilt after if the meta changed.
    if (state.view === 'email') void refresh();
    else if (state.view !== 'inbox' && state.view !== 'visual') showSheet();
    if (!event.error) {
      // Templates, declarations, brands or the files not previewed may have changed: rebuild the page if so.
      const next = await api.meta();
      const shape = (m: typeof next) =>
        JSON.stringify([m.templates.map((t) => [t.id, t.variables]), m.brands, m.problems, m.locales]);
      const changed = shape(next) !== shape(app.meta);
      app.meta = next;
      // The template shown was deleted or renamed (not broken: that one stays, with its error): show the first.
      const known = [...next.templates.map((t) => t.id), ...next.problems.map((p) => p.template)];
      if (!known.includes(state.template)) state.template = next.templates[0]?.id ?? '';
      if (changed) {
        // The layout renders the email again: its status says why too.
        app.reloaded = why;
        layout();
      }
    }
    const files = event.files.join(', ');
    if (event.error) status(`${files}: ${event.error.message.split('\n')[0]}`, 'error');
    else if (state.view !== 'email') status(why);
  })();
}

function listen() {
  const events = new EventSource('/api/events');
  events.addEventListener('reload', (e) => reloaded(JSON.parse((e as MessageEvent).data) as ReloadEvent));
  // A stream that opens (or reopens) on another generation than the page shows missed a reload: catch up.
  events.addEventListener('hello', (e) => {
    const { generation } = JSON.parse((e as MessageEvent).data) as { generation: number };
    if (generation !== app.generation) {
      reloaded({ generation, files: [], ms: 0, error: null, reason: 'Shown again: the preview changed meanwhile' });
    }
  });
  events.addEventListener('watcher', (e) => {
    status((JSON.parse((e as MessageEvent).data) as WatcherEvent).message, 'error');
  });
  events.addEventListener('inbox', () => {
    void updateInboxCount();
    if (state.view === 'inbox') void showInbox();
  });
}

/** The first view the server wrote into the page (`FirstView` in protocol.ts), when it had it at hand. */
function writtenFirstView(): FirstView | undefined {
  const text = document.getElementById('authmail-first-view')?.textContent;
  return text ? (JSON.parse(text) as FirstView) : undefined;
}

async function start() {
  // Registered first: the frames wait for it, the rest of the page does not.
  startServiceWorker((error) =>
    status(`Service worker unavailable (${String(error)}): emails may show broken logos.`, 'error'),
  );
  // Written into the page when the server had them at hand; else the first email is asked for beside the
  // meta: both wait for the project's code, not for each other.
  const given = writtenFirstView();
  if (!given) renderEarly();
  const m = given?.meta ?? (await api.meta());
  app.meta = m;
  app.generation = m.generation;
  // A link may name what this project does not have (another project's template, a locale removed since):
  // it is left out, and the page says so, rather than breaking the email.
  const ignored: string[] = [];
  const asked = new URLSearchParams(location.search);
  const known = (key: 'template' | 'locale' | 'compare' | 'brand', ok: boolean, fallback: string) => {
    if (ok) return;
    if (asked.has(key) && state[key]) ignored.push(`${key}=${state[key]}`);
    state[key] = fallback;
  };
  const hasLocale = (tag: string) => app.meta.locales.some((l) => l.tag === tag);
  known(
    'template',
    app.meta.templates.some((t) => t.id === state.template),
    app.meta.templates[0]?.id ?? '',
  );
  known('locale', hasLocale(state.locale), hasLocale('en') ? 'en' : (app.meta.locales[0]?.tag ?? 'en'));
  known(
    'compare',
    !state.compare || state.compare in VARIANTS || (hasLocale(state.compare) && state.compare !== state.locale),
    '',
  );
  known(
    'brand',
    app.meta.brands.some((b) => b.id === state.brand),
    '',
  );
  if (ignored.length) setNote(`Ignored ${ignored.join(', ')}: not in this project.`);
  if (given?.render) offerEarly(given.render.request, given.render.response);
  layout();
  listen();
}

start().catch((error: unknown) => {
  // Usually a template that does not compile at startup: show it, start again once it is fixed.
  replaceChildren($app, errorBox({ code: 'PREVIEW_ERROR', message: String((error as Error)?.message ?? error) }));
  new EventSource('/api/events').addEventListener('reload', (e) => {
    if (!(JSON.parse((e as MessageEvent).data) as ReloadEvent).error) location.reload();
  });
});
