/** The email view: each pane with its inbox row, the rendered email, its text, source, bundle and checks. */
import type { PreviewError, PreviewFinding, RenderedPreview, RenderResponse } from '../../../src/preview/protocol.ts';
import { api } from '../api.ts';
import { COLOUR_MODES } from '../colour-modes.ts';
import { segmented } from '../controls.ts';
import { formatBytes, h, replaceChildren } from '../dom.ts';
import {
  currentLook,
  emailFrame,
  fitHeight,
  type Look,
  replaceEmail,
  shownMode,
  sizeViewport,
  VARIANTS,
} from '../frame.ts';
import { inlineMarkdown } from '../markdown.ts';
import { app, edited, localeInfo, saveState, state, TABS, variablesOf, WIDTHS } from '../state.ts';
import { copy, slotted, status } from '../ui.ts';

let lastResults: RenderResponse[] = [];

let settled: () => void = () => undefined;
/**
 * Resolves once the page's first email is shown (its frame loaded), or once its first render showed no frame
 * (an error, another tab): what waits for it (the inbox count) does not compete with that email.
 */
export const firstViewSettled = new Promise<void>((resolve) => {
  settled = resolve;
});
let renderSeq = 0;

/** A selector to outline in the email once it shows again ("show in email"). */
let highlight: string | undefined;
/** Whether the checks run their Chromium rules too (asked for once; kept while the page is open). */
let browserChecks = false;

/** Outlines the elements a finding names in the email's frame and scrolls the first into view. */
function outline(frame: HTMLIFrameElement) {
  const selector = highlight;
  highlight = undefined;
  const doc = frame.contentDocument;
  if (!selector || !doc) return;
  let found: Element[] = [];
  try {
    found = [...doc.querySelectorAll(selector)];
  } catch {
    // A selector the browser does not take: nothing to outline.
  }
  for (const el of found) {
    (el as HTMLElement).style.outline = '3px solid #d9480f';
    (el as HTMLElement).style.outlineOffset = '2px';
    el.setAttribute('data-authmail-highlight', '');
  }
  found[0]?.scrollIntoView({ block: 'center' });
  status(
    found.length ? `Outlined ${found.length} × ${selector}` : `${selector}: not in the email as shown`,
    found.length ? 'info' : 'error',
  );
}

/**
 * `authmail check`'s findings for this email, grouped by severity, with a summary by client, "show in
 * email" for each finding that names an element, and the Chromium rules (accessibility, line breaks)
 * on request; updated with every render.
 */
function checksView(r: RenderedPreview) {
  const out = h('div.checks', { 'data-checks': 'loading' }, h('p.hint', {}, 'Checking…'));
  loadChecks(out, r);
  return out;
}

function loadChecks(out: HTMLElement, r: RenderedPreview) {
  out.dataset.checks = 'loading';
  void api
    .check({
      template: r.template,
      locale: r.locale,
      brand: state.brand,
      variables: variablesOf(r.template),
      browser: browserChecks,
    })
    .then((result) => {
      if (!result.ok) {
        replaceChildren(out, errorBox(result.error));
        return;
      }
      const open = result.findings.filter((f) => !f.accepted);
      const accepted = result.findings.filter((f) => f.accepted);
      const byClient = new Map<string, number>();
      for (const f of open) for (const c of f.clients ?? []) byClient.set(c, (byClient.get(c) ?? 0) + 1);
      const item = (f: PreviewFinding) =>
        h(
          'li',
          { 'data-rule': f.rule },
          h('code', {}, f.rule),
          ' ',
          inlineMarkdown(f.message),
          f.where && h('div.where', {}, f.where),
          f.accepted && h('div.where', {}, 'Accepted: ', inlineMarkdown(f.accepted)),
          f.selector &&
            h(
              'button.link.show',
              {
                type: 'button',
                title: `Outline ${f.selector} in the email`,
                onclick: () => {
                  highlight = f.selector;
                  state.tab = 'rendered';
                  saveState();
                  void refresh();
                },
              },
              'Show in email',
            ),
        );
      const group = (severity: 'error' | 'warning' | 'info', title: string) => {
        const list = open.filter((f) => f.severity === severity);
        return (
          list.length > 0 &&
          h(
            `section.check-group.${severity}`,
            { 'data-severity': severity },
            h('h3', {}, `${title} (${list.length})`),
            h('ul', {}, list.map(item)),
          )
        );
      };
      replaceChildren(
        out,
        h(
          'p.hint',
          {},
          inlineMarkdown(
            `${result.rules} rules of \`authmail check\` on this email${result.browser ? ', with its Chromium rules (accessibility in light and dark, line breaks)' : ''}: ${open.length ? `${open.length} to look at` : 'nothing to fix'}.`,
          ),
        ),
        !result.browser &&
          h(
            'button.browser-checks',
            {
              type: 'button',
              title:
                'Accessibility (axe, light and dark) and line breaks, measured in Chromium as `authmail check` does',
              onclick: () => {
                browserChecks = true;
                replaceChildren(out, h('p.hint', {}, 'Checking in Chromium…'));
                loadChecks(out, r);
              },
            },
            'Run the accessibility and line-break checks (Chromium)',
          ),
        byClient.size > 0 &&
          h(
            'p.by-client',
            {},
            h('strong', {}, 'By client: '),
            [...byClient]
              .sort((a, b) => b[1] - a[1])
              .map(([client, n]) => `${client} ${n}`)
              .join(' · '),
          ),
        group('error', 'Errors'),
        group('warning', 'Warnings'),
        group('info', 'Notes'),
        accepted.length > 0 &&
          h(
            'details.check-group.accepted',
            {},
            h('summary', {}, `${accepted.length} accepted by documented exceptions`),
            h('ul', {}, accepted.map(item)),
          ),
      );
      out.dataset.checks = 'done';
    });
}

function inboxRow(r: RenderedPreview) {
  return h(
    'div.inbox-row',
    { dir: 'auto' },
    h('span.from', { title: `${r.from.name} <${r.from.address}>` }, r.from.name),
    h('span.subject', { dir: r.dir }, r.subject),
    h('span.preheader', { dir: r.dir }, r.preheader),
  );
}

function paneBody(r: RenderedPreview, look: Look = currentLook()) {
  switch (state.tab) {
    case 'rendered': {
      const width = WIDTHS[look.width];
      const frame = emailFrame(
        `/__email/${r.id}`,
        `${r.template} in ${r.locale}`,
        (f) => {
          fitHeight(f);
          f.closest('.pane')?.setAttribute('data-rendered', r.id);
          settled();
          outline(f);
        },
        look,
      );
      const viewport = h('div.viewport', { 'data-scheme': look.scheme }, frame);
      sizeViewport(viewport, frame, width.px, r.dir);
      // The notes go under the email: two panes side by side start their emails at the same height.
      return h(
        'div',
        {},
        viewport,
        shownMode(look) !== look.scheme &&
          h(
            'p.note.forced-dark',
            {},
            'Gmail app, dark: the app ignores the email’s own dark styles and inverts light backgrounds and dark text itself (shown as Forced dark).',
          ),
        look.scheme !== 'light' && h('p.note.mode-clients', {}, COLOUR_MODES[shownMode(look)].clients),
        look.images === false && h('p.note.mode-clients', {}, VARIANTS['@images-off']?.clients),
        look.styles === false && h('p.note.mode-clients', {}, VARIANTS['@no-style']?.clients),
      );
    }
    case 'text':
      return h('pre.source.text', { dir: r.dir }, r.text);
    case 'checks':
      return checksView(r);
    case 'html': {
      const button = h('button', { type: 'button', onclick: () => copy(r.html, button) }, 'Copy HTML');
      return h(
        'div',
        {},
        h('div.source-bar', {}, `${formatBytes(r.bytes.html)} (gzip ${formatBytes(r.bytes.htmlGzip)})`, button),
        h('pre.source', {}, r.html),
      );
    }
    case 'bundle':
      return h(
        'div.bundle',
        {},
        h(
          'p.hint',
          {},
          `dist/${r.template}/${r.locale}.json as the build writes it; the runtime fills the slots at send time.`,
        ),
        h('h3', {}, 'subject'),
        h('pre.source', {}, slotted(r.bundle.subject)),
        h('h3', {}, 'html'),
        h('pre.source', {}, slotted(r.bundle.html)),
        h('h3', {}, 'text'),
        h('pre.source', {}, slotted(r.bundle.text)),
      );
  }
}

export function errorBox(error: PreviewError) {
  return h(
    'div.error-box',
    { role: 'alert', 'data-code': error.code },
    h('strong', {}, error.code),
    h('pre', {}, error.message),
    error.stack && h('details', {}, h('summary', {}, 'Stack'), h('pre', {}, error.stack)),
  );
}

/**
 * The email the page opens on, asked for with the page's first requests, before the meta (which the
 * variables come from): without variables, the server renders the sample — the render it warms at start.
 */
let early: { template: string; locale: string; brand: string; result: Promise<RenderResponse> } | undefined;

export function renderEarly() {
  if (state.view !== 'email' || !state.template || state.template in edited) return;
  const { template, locale, brand } = state;
  const result = api.render({ template, locale, brand });
  result.catch(() => undefined);
  early = { template, locale, brand, result };
}

/** The first email as the server wrote it into the page: taken as the early render is. */
export function offerEarly(request: { template: string; locale: string; brand: string }, response: RenderResponse) {
  early = { ...request, result: Promise.resolve(response) };
}

/** The early render when it is the one asked for now (same email, sample values), once. */
function takeEarly(locale: string) {
  const e = early;
  early = undefined;
  const same = e?.template === state.template && e.locale === locale && e.brand === state.brand;
  return same && !(state.template in edited) ? e.result : undefined;
}

export async function refresh() {
  if (state.view !== 'email') return;
  const seq = ++renderSeq;
  const variant = VARIANTS[state.compare];
  const locales = variant ? [state.locale] : [state.locale, state.compare].filter(Boolean);
  const variables = variablesOf(state.template);
  const started = performance.now();
  const results = await Promise.all(
    locales.map(
      (locale, i) =>
        (i === 0 && takeEarly(locale)) ||
        api.render({ template: state.template, locale, brand: state.brand, variables }),
    ),
  );
  if (seq !== renderSeq || state.view !== 'email') return;
  const main = document.getElementById('main');
  if (!main) return;
  const failure = results.find((r) => !r.ok);
  const error = failure && !failure.ok ? failure.error : null;
  app.editor?.showError(error);
  const banner = document.getElementById('editor-error');
  if (banner) replaceChildren(banner, error && !error.variable ? errorBox(error) : null);

  const tabs = segmented('View', TABS, state.tab, (tab) => {
    state.tab = tab;
    saveState();
    void refresh();
  });
  // One pane per locale, or the one email twice: as the toolbar shows it and as the variant does.
  const views = variant
    ? [
        { result: 0, look: currentLook(), label: '' },
        { result: 0, look: variant.look(currentLook()), label: ` · ${variant.name}` },
      ]
    : results.map((_, i) => ({ result: i, look: currentLook(), label: '' }));
  // What a pane is laid out for: a pane laid out for the same keys only gets its new email (a save, edited values).
  const keys = views.map(({ look, label }, i) =>
    JSON.stringify([state.template, locales[variant ? 0 : i], look, label, state.tab, state.fit]),
  );
  const ok = results.filter((r): r is RenderedPreview => r.ok);
  if (
    ok.length === results.length &&
    repaint(
      main,
      keys,
      views.map(({ result: i }) => results[i] as RenderedPreview),
    )
  ) {
    lastResults = results;
    rendered(locales, ok, started);
    return;
  }
  const panes = views.map(({ result: i, look, label }, p) => {
    const r = results[i] as RenderResponse;
    const previous = lastResults[i];
    const shown = r.ok ? r : previous?.ok && previous.template === state.template ? previous : undefined;
    return h(
      `section.pane${r.ok ? '' : '.stale'}`,
      {
        'data-locale': locales[i],
        'data-dir': localeInfo(locales[i] as string).dir,
        'data-look': label ? state.compare : '',
        'data-key': keys[p],
        'aria-label': `${state.template} in ${locales[i]}${label}`,
      },
      h('div.pane-head', {}, h('span.tag', {}, `${locales[i]} · ${localeInfo(locales[i] as string).name}${label}`)),
      !r.ok && errorBox(r.error),
      shown?.ok && inboxRow(shown),
      shown?.ok && paneBody(shown, look),
    );
  });
  lastResults = results.map((r, i) => (r.ok ? r : (lastResults[i] ?? r)));
  replaceChildren(
    main,
    h('div.tabs', {}, tabs),
    h(`div.panes${panes.length > 1 ? '.split' : ''}${state.fit ? '.fit' : ''}`, {}, panes),
  );
  if (!main.querySelector('.viewport > iframe')) settled();
  // A failed render replaces the last timing: the bar never says "rendered" over an error.
  if (error) status(`${state.template}: ${error.code} — ${error.message.split('\n')[0]}`, 'error');
  else if (ok.length === results.length) rendered(locales, ok, started);
}

function rendered(locales: string[], ok: RenderedPreview[], started: number) {
  const reloaded = app.reloaded ? `${app.reloaded} · ` : '';
  app.reloaded = undefined;
  status(
    `${reloaded}${state.template} · ${locales.join(' + ')} — rendered by the build and the runtime in ${Math.max(...ok.map((r) => r.ms)).toFixed(0)} ms (round trip ${(performance.now() - started).toFixed(0)} ms)`,
  );
}

/**
 * The new emails shown in the panes already laid out for them (same keys, each frame loaded): the inbox
 * row and the email's document replaced in place, no pane rebuilt, no frame reloaded. False: lay out anew.
 */
function repaint(main: HTMLElement, keys: string[], results: RenderedPreview[]): boolean {
  const panes = Array.from(main.querySelectorAll<HTMLElement>(':scope > .panes > section.pane'));
  if (panes.length !== keys.length || panes.some((pane, i) => pane.dataset.key !== keys[i])) return false;
  const frames = panes.map((pane) => pane.querySelector<HTMLIFrameElement>('.viewport > iframe'));
  if (frames.some((frame, i) => !frame || !panes[i]?.hasAttribute('data-rendered'))) return false;
  panes.forEach((pane, i) => {
    const r = results[i] as RenderedPreview;
    pane.classList.remove('stale');
    pane.querySelector(':scope > .error-box')?.remove();
    const row = inboxRow(r);
    const old = pane.querySelector(':scope > .inbox-row');
    if (old) old.replaceWith(row);
    else pane.querySelector(':scope > .pane-head')?.after(row);
    // Loaded (data-rendered is set once a frame's email has loaded): the frame takes the new email in place.
    replaceEmail(frames[i] as HTMLIFrameElement, r.html);
    pane.dataset.rendered = r.id;
  });
  return true;
}
