/**
 * The authmail preview app. Plain TypeScript and DOM (no framework to load,
 * so the first email shows fast). State lives in the URL (template, locale,
 * view, …) and in sessionStorage (edited variables), and survives live
 * reloads, which re-render in place without reloading the page.
 */
import type {
  InboxMessage,
  LocaleInfo,
  Meta,
  PreviewError,
  ReloadEvent,
  RenderedPreview,
  RenderResponse,
  TemplateInfo,
} from '../../src/preview/protocol.ts';
import { api, sheetUrl } from './api.ts';
import { COLOUR_MODES, type ColourMode, invertFully, invertPartially, isColourMode } from './colour-modes.ts';
import { segmented, select } from './controls.ts';
import { formatBytes, h, replaceChildren } from './dom.ts';
import { createEditor, type Editor } from './editor.ts';
import { showVisualReview } from './visual-review.ts';
import './style.css';

type View = 'email' | 'sheet-templates' | 'sheet-locales' | 'inbox' | 'visual';
type Tab = 'rendered' | 'text' | 'html' | 'bundle' | 'checks';
type Width = 'desktop' | 'mobile' | 'gmail';

const WIDTHS: Record<Width, { label: string; px: number; title: string }> = {
  desktop: { label: 'Desktop', px: 680, title: 'Desktop client, 680 px (the email is 600 px wide)' },
  mobile: { label: 'Mobile 375', px: 375, title: 'Phone, 375 px' },
  gmail: { label: 'Gmail app 360', px: 360, title: 'Gmail app on Android, 360 px' },
};
const TABS: Record<Tab, string> = {
  rendered: 'Rendered',
  text: 'Plain text',
  html: 'HTML source',
  bundle: 'Compiled bundle',
  checks: 'Checks',
};

interface State {
  view: View;
  template: string;
  locale: string;
  /** Second locale of the side-by-side mode, or `''`. */
  compare: string;
  brand: string;
  /** Colour mode (colour-modes.ts): light, the email's own dark styles, or a client's forced dark. */
  scheme: ColourMode;
  width: Width;
  tab: Tab;
  to: string;
  /** Where “Send test” delivers; not remembered across page loads, so it starts at the local inbox. */
  via: 'inbox' | 'configured';
  /** Scale each email down to its column (zoom) instead of letting it scroll. */
  fit: boolean;
  /** Side panels folded away (remembered in this browser): more room for the email on a small screen. */
  hidden: { templates: boolean; variables: boolean };
}

const VARS_KEY = 'authmail.preview.variables';
const HIDDEN_KEY = 'authmail.preview.hidden';
const params = new URLSearchParams(location.search);
const state: State = {
  view: (params.get('view') as View) || 'email',
  template: params.get('template') || '',
  locale: params.get('locale') || 'en',
  compare: params.get('compare') || '',
  brand: params.get('brand') || '',
  scheme: isColourMode(params.get('scheme')) ? (params.get('scheme') as ColourMode) : 'light',
  width: (params.get('width') as Width) in WIDTHS ? (params.get('width') as Width) : 'desktop',
  tab: (params.get('tab') as Tab) in TABS ? (params.get('tab') as Tab) : 'rendered',
  to: sessionStorage.getItem('authmail.preview.to') || 'designer@example.test',
  via: 'inbox',
  fit: params.get('fit') === '1',
  hidden: { templates: false, variables: false, ...JSON.parse(localStorage.getItem(HIDDEN_KEY) || '{}') },
};
const edited: Record<string, unknown> = JSON.parse(sessionStorage.getItem(VARS_KEY) || '{}');

let meta: Meta;
let generation = 0;
let editor: Editor | undefined;
let lastResults: RenderResponse[] = [];
let renderSeq = 0;
let openMessage = '';

const $app = document.getElementById('app') as HTMLElement;

/* ---------- helpers ---------- */

function saveState() {
  const q = new URLSearchParams();
  for (const key of ['view', 'template', 'locale', 'compare', 'brand', 'scheme', 'width', 'tab'] as const) {
    if (state[key]) q.set(key, state[key]);
  }
  if (state.fit) q.set('fit', '1');
  history.replaceState(null, '', `?${q}`);
  sessionStorage.setItem(VARS_KEY, JSON.stringify(edited));
  sessionStorage.setItem('authmail.preview.to', state.to);
  localStorage.setItem(HIDDEN_KEY, JSON.stringify(state.hidden));
}

const templateInfo = (id = state.template) => meta.templates.find((t) => t.id === id) as TemplateInfo;
const localeInfo = (tag: string) => meta.locales.find((l) => l.tag === tag) as LocaleInfo;
const variablesOf = (id: string) => (id in edited ? edited[id] : templateInfo(id).sample);

function debounce(fn: () => void, ms: number) {
  let timer: number | undefined;
  return () => {
    clearTimeout(timer);
    timer = window.setTimeout(fn, ms);
  };
}

function status(text: string, kind: 'info' | 'error' = 'info') {
  const bar = document.getElementById('status');
  if (!bar) return;
  bar.textContent = text;
  bar.dataset.kind = kind;
}

async function copy(text: string, button: HTMLButtonElement) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h('textarea', { value: text, style: { position: 'fixed', opacity: '0' } });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  const label = button.textContent;
  button.textContent = 'Copied ✓';
  setTimeout(() => {
    button.textContent = label;
  }, 1200);
}

/** `{{slots}}` highlighted in the compiled bundle. */
function slotted(source: string) {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const m of source.matchAll(/\{\{[#^/]?[\w.]+\}\}/g)) {
    out.push(source.slice(last, m.index));
    out.push(h(`mark.slot.${/^\{\{[#^/]/.test(m[0]) ? 'section' : 'value'}`, {}, m[0]));
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(source.slice(last));
  return out;
}

/* ---------- offline: the service worker hands other hosts' URLs to the server ---------- */

/**
 * Resolves once the worker is active. The frames need no more: an iframe's
 * navigation inside the worker's scope is handled by the active worker, which
 * then controls the frame, whether or not it controls this page yet.
 */
async function serviceWorker() {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  await navigator.serviceWorker.ready;
}

/* ---------- frames ---------- */

const originalMedia = new WeakMap<CSSRule, string>();
const SCHEME_FEATURE = /\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g;

/**
 * Light / dark: the email's own `@media (prefers-color-scheme)` rules, as a
 * client in that mode applies them. A page cannot choose an iframe's colour
 * preference, so the rules' conditions are switched in the CSS object model
 * (as DevTools' media emulation does); the HTML stays byte for byte the same.
 */
/**
 * The colour mode an email is shown in: the chosen one, except that Dark at the Gmail app's width is
 * what the Gmail app does (it ignores the email's own dark styles and inverts colours: partial, Android).
 */
const shownMode = (look: Look = currentLook()): ColourMode =>
  look.scheme === 'dark' && look.width === 'gmail' ? 'partial' : look.scheme;

/** How one pane shows its email: the toolbar's choice, or a variant of it side by side. */
interface Look {
  scheme: ColourMode;
  width: Width;
}
const currentLook = (): Look => ({ scheme: state.scheme, width: state.width });

/** Side-by-side choices besides another locale: the same email in dark mode, or at the mobile width. */
const VARIANTS: Record<string, { label: string; look: (l: Look) => Look; name: string }> = {
  '@dark': { label: 'the same in Dark', look: (l) => ({ ...l, scheme: 'dark' }), name: 'Dark' },
  '@mobile': { label: 'the same at Mobile 375', look: (l) => ({ ...l, width: 'mobile' }), name: 'Mobile 375' },
};

function emulateScheme(doc: Document, scheme: 'light' | 'dark') {
  const visit = (rules: CSSRuleList) => {
    for (const rule of Array.from(rules)) {
      const media = (rule as CSSMediaRule).media as MediaList | undefined;
      if (media) {
        const original = originalMedia.get(rule) ?? media.mediaText;
        originalMedia.set(rule, original);
        if (original.includes('prefers-color-scheme')) {
          // A matching feature becomes always true, the other one an unknown feature, which never matches.
          media.mediaText = original.replace(SCHEME_FEATURE, (_, value: string) =>
            value === scheme ? '(min-width: 0px)' : '(authmail-emulated-scheme: none)',
          );
        }
      }
      const nested = (rule as CSSGroupingRule).cssRules;
      if (nested) visit(nested);
    }
  };
  for (const sheet of Array.from(doc.styleSheets)) {
    try {
      visit(sheet.cssRules);
    } catch {
      // A cross-origin sheet cannot be read; emails inline their CSS.
    }
  }
}

let serviceWorkerReady: Promise<void> = Promise.resolve();

let emailShown: () => void = () => undefined;
/** Resolves when the first email frame has loaded. */
const firstEmailShown = new Promise<void>((resolve) => {
  emailShown = resolve;
});

/**
 * An email iframe: no scripts (mail clients run none); links are shown, not
 * followed (the preview stays offline). It loads once the service worker
 * that keeps it offline is in control.
 */
function emailFrame(
  src: string,
  title: string,
  onLoad?: (frame: HTMLIFrameElement) => void,
  look: Look = currentLook(),
) {
  const frame = h('iframe', {
    title,
    // Scripts in the email are blocked by the server's CSP (`script-src 'none'`); allow-scripts only lets this page's
    // listeners run in the frame. No popups, forms or top navigation.
    sandbox: 'allow-same-origin allow-scripts',
    loading: 'eager',
    style: { colorScheme: look.scheme === 'dark' ? 'dark' : 'light' },
  });
  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    // The empty document an iframe holds before its src is set loads too.
    if (!doc || !frame.getAttribute('src') || doc.URL === 'about:blank') return;
    const mode = shownMode(look);
    emulateScheme(doc, COLOUR_MODES[mode].ownDarkCss ? 'dark' : 'light');
    if (mode === 'partial') invertPartially(doc);
    if (mode === 'full') invertFully(doc);
    doc.addEventListener('click', (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!link) return;
      event.preventDefault();
      status(`Link: ${(link as HTMLAnchorElement).href} — not opened (the preview makes no request outside it).`);
    });
    onLoad?.(frame);
  });
  void serviceWorkerReady.then(() => {
    frame.src = src;
  });
  return frame;
}

/**
 * The email's width: the preset, then as the designer drags the viewport's corner (the frame follows,
 * so the email's own width rules apply); or, with Fit, scaled down to its column instead.
 */
function sizeViewport(viewport: HTMLElement, frame: HTMLIFrameElement, px: number) {
  const readout = h('span.width-readout', {}, `${px} px`);
  if (state.fit) {
    frame.style.width = `${px}px`;
    frame.style.transformOrigin = '0 0';
    const fit = () => {
      const room = (viewport.parentElement?.clientWidth ?? px) - 26;
      const scale = Math.min(1, room / px);
      frame.style.transform = scale < 1 ? `scale(${scale})` : '';
      viewport.style.height = scale < 1 ? `${Math.ceil(frame.offsetHeight * scale) + 24}px` : '';
      readout.textContent = scale < 1 ? `${px} px at ${Math.round(scale * 100)} %` : `${px} px`;
    };
    new ResizeObserver(fit).observe(frame);
    if (viewport.parentElement) new ResizeObserver(fit).observe(viewport.parentElement);
    requestAnimationFrame(fit);
  } else {
    viewport.classList.add('resizable');
    viewport.style.width = `${px + 26}px`;
    frame.style.width = '100%';
    new ResizeObserver(() => {
      readout.textContent = `${Math.round(frame.getBoundingClientRect().width)} px`;
      fitHeight(frame);
    }).observe(viewport);
  }
  viewport.prepend(readout);
}

const fitHeight = (frame: HTMLIFrameElement) => {
  const doc = frame.contentDocument;
  if (doc?.documentElement) frame.style.height = `${Math.max(200, doc.documentElement.scrollHeight)}px`;
};

/* ---------- layout ---------- */

const localeOptions = () => meta.locales.map((l) => ({ value: l.tag, label: `${l.tag} · ${l.name}` }));

function header() {
  const views: Record<View, string> = {
    email: 'Email',
    'sheet-templates': 'Contact sheet: all templates',
    'sheet-locales': 'Contact sheet: all locales',
    inbox: 'Inbox',
    visual: 'Visual review',
  };
  return h(
    'header.top',
    {},
    h('strong.logo', {}, 'authmail', h('span', {}, ' preview')),
    segmented('View', views, state.view, (view) => {
      state.view = view;
      layout();
    }),
    h('span.inbox-count', { id: 'inbox-count' }),
    h(
      'span.folds',
      {},
      (['templates', 'variables'] as const).map((side) =>
        h(
          'button.fold',
          {
            type: 'button',
            'data-fold': side,
            'aria-pressed': String(!state.hidden[side]),
            title: `${state.hidden[side] ? 'Show' : 'Hide'} the ${side} panel`,
            onclick: () => {
              state.hidden[side] = !state.hidden[side];
              layout();
            },
          },
          side === 'templates' ? 'Templates' : 'Variables',
        ),
      ),
    ),
  );
}

function toolbar() {
  const brands = meta.brands.map((b) => ({ value: b.id, label: b.label }));
  const compare = [
    { value: '', label: 'off' },
    ...Object.entries(VARIANTS).map(([value, v]) => ({ value, label: v.label })),
    ...localeOptions(),
  ];
  return h(
    'div.toolbar',
    {},
    state.view !== 'sheet-locales' &&
      select(
        'Locale',
        localeOptions(),
        state.locale,
        (v) => {
          state.locale = v;
          layout();
        },
        'locale',
      ),
    state.view === 'email' &&
      select(
        'Side by side with',
        compare,
        state.compare,
        (v) => {
          state.compare = v;
          layout();
        },
        'compare',
      ),
    select(
      'Brand',
      brands,
      state.brand,
      (v) => {
        state.brand = v;
        layout();
      },
      'brand',
    ),
    segmented(
      'Colour mode',
      Object.fromEntries(Object.entries(COLOUR_MODES).map(([k, m]) => [k, m.label])) as Record<ColourMode, string>,
      state.scheme,
      (v) => {
        state.scheme = v;
        layout();
      },
    ),
    state.view === 'email' &&
      segmented(
        'Width',
        Object.fromEntries(Object.entries(WIDTHS).map(([k, w]) => [k, w.label])) as Record<Width, string>,
        state.width,
        (v) => {
          state.width = v;
          layout();
        },
      ),
    state.view === 'email' &&
      h(
        'button.fit',
        {
          type: 'button',
          'aria-pressed': String(state.fit),
          title:
            'Scale each email down to its column instead of letting it scroll (the width presets and dragging the corner set its width)',
          onclick: () => {
            state.fit = !state.fit;
            layout();
          },
        },
        'Fit',
      ),
  );
}

function sidebar() {
  return h(
    'nav.sidebar',
    { 'aria-label': 'Templates' },
    h('h2', {}, 'Templates'),
    h(
      'ul',
      {},
      meta.templates.map((t) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              'data-template': t.id,
              'aria-current': t.id === state.template ? 'page' : undefined,
              title: t.when,
              onclick: () => {
                state.template = t.id;
                if (state.view !== 'email' && state.view !== 'sheet-locales') state.view = 'email';
                layout();
              },
            },
            h('span.id', {}, t.id),
            h('span.type', {}, t.logtoType ?? 'by id'),
          ),
        ),
      ),
    ),
  );
}

function layout() {
  saveState();
  document.documentElement.dataset.scheme = state.scheme;
  const main = h('main.main', { id: 'main' });
  const panel = h('aside.panel', { id: 'panel' });
  replaceChildren(
    $app,
    header(),
    h(
      'div.body',
      {},
      !state.hidden.templates && sidebar(),
      h('div.center', {}, state.view !== 'inbox' && state.view !== 'visual' && toolbar(), main),
      !state.hidden.variables && panel,
    ),
    h('footer.status', { id: 'status', role: 'status' }),
  );
  editor = undefined;
  if (state.view === 'email') {
    renderPanel(panel);
    void refresh();
    // The inbox count waits for the first email to show: that is what the designer opened the page for.
    void firstEmailShown.then(() => updateInboxCount());
  } else if (state.view === 'inbox') {
    panel.remove();
    void showInbox();
  } else if (state.view === 'visual') {
    panel.remove();
    void showVisualReview(main, status).catch((error: unknown) => status(String((error as Error).message), 'error'));
    void updateInboxCount();
  } else {
    if (state.view === 'sheet-locales') renderPanel(panel);
    else panel.remove();
    showSheet();
    void updateInboxCount();
  }
}

/* ---------- variables + send test ---------- */

function renderPanel(panel: HTMLElement) {
  const t = templateInfo();
  const onEdit = debounce(() => {
    edited[state.template] = editor?.read();
    saveState();
    if (state.view === 'email') void refresh();
    else showSheet();
  }, 60);
  editor = createEditor(t, variablesOf(t.id), onEdit);
  const sendStatus = h('div.send-status', { id: 'send-status', role: 'status' });
  replaceChildren(
    panel,
    h('h2', {}, 'Variables'),
    h('p.hint', {}, t.when),
    h('div.editor-error', { id: 'editor-error', role: 'alert' }),
    editor.element,
    h(
      'div.row',
      {},
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            delete edited[state.template];
            layout();
          },
        },
        'Reset to sample',
      ),
      h(
        'button',
        {
          type: 'button',
          onclick: (e: Event) =>
            copy(JSON.stringify(editor?.read() ?? {}, null, 2), e.currentTarget as HTMLButtonElement),
        },
        'Copy as JSON',
      ),
    ),
    state.view === 'email' &&
      h(
        'section.send',
        {},
        h('h2', {}, 'Send test'),
        viaChoice(),
        h(
          'label.leaf',
          {},
          h('span.name', {}, 'To'),
          h('input', {
            type: 'email',
            name: 'to',
            value: state.to,
            oninput: (e: Event) => {
              state.to = (e.target as HTMLInputElement).value;
              saveState();
            },
          }),
        ),
        h('button.primary', { type: 'button', id: 'send', onclick: () => void send(sendStatus) }, 'Send test email'),
        sendStatus,
      ),
  );
}

/** Local inbox (default) or the configured transport; a real delivery is labelled as one. */
function viaChoice() {
  const t = meta.transport;
  const option = (value: State['via'], label: Node | string, hint: string) =>
    h(
      'label.via',
      {},
      h('input', {
        type: 'radio',
        name: 'via',
        value,
        checked: state.via === value,
        onchange: () => {
          state.via = value;
          layout();
        },
      }),
      h('span', {}, label, h('small.hint', {}, hint)),
    );
  return h(
    'fieldset.via-choice',
    {},
    h('legend', {}, 'Deliver to'),
    option('inbox', h('span', {}, 'Built-in inbox ', h('code.inbox-address')), 'Nothing leaves this machine.'),
    option(
      'configured',
      h('span', {}, 'Configured transport: ', h('code', {}, `${t.name} → ${t.target}`)),
      t.local ? 'Writes files on this machine.' : 'Sends a real email to the address below.',
    ),
  );
}

async function send(out: HTMLElement) {
  out.textContent = 'Sending…';
  const result = await api.send({
    template: state.template,
    locale: state.locale,
    brand: state.brand,
    variables: variablesOf(state.template),
    to: state.to,
    via: state.via,
  });
  if (result.ok && state.via === 'configured') {
    out.textContent = `Accepted by ${result.transport} for ${result.accepted.join(', ')} (${result.messageId}, ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}).`;
  } else if (result.ok) {
    replaceChildren(
      out,
      'Delivered to the local inbox. ',
      h(
        'button.link',
        {
          type: 'button',
          onclick: () => {
            state.view = 'inbox';
            layout();
          },
        },
        'Open inbox',
      ),
    );
  } else {
    out.textContent = `Not sent: ${result.error.message}`;
  }
  void updateInboxCount();
}

/* ---------- the email view ---------- */

/** `authmail check`'s findings for this email (source rules), grouped by severity; updated with every render. */
function checksView(r: RenderedPreview) {
  const out = h('div.checks', { 'data-checks': 'loading' }, h('p.hint', {}, 'Checking…'));
  void api
    .check({ template: r.template, locale: r.locale, brand: state.brand, variables: variablesOf(r.template) })
    .then((result) => {
      if (!result.ok) {
        replaceChildren(out, errorBox(result.error));
        return;
      }
      const open = result.findings.filter((f) => !f.accepted);
      const accepted = result.findings.filter((f) => f.accepted);
      const group = (severity: 'error' | 'warning' | 'info', title: string) => {
        const list = open.filter((f) => f.severity === severity);
        return (
          list.length > 0 &&
          h(
            `section.check-group.${severity}`,
            { 'data-severity': severity },
            h('h3', {}, `${title} (${list.length})`),
            h(
              'ul',
              {},
              list.map((f) =>
                h(
                  'li',
                  { 'data-rule': f.rule },
                  h('code', {}, f.rule),
                  ' ',
                  f.message,
                  f.where && h('div.where', {}, f.where),
                ),
              ),
            ),
          )
        );
      };
      replaceChildren(
        out,
        h(
          'p.hint',
          {},
          `${result.rules} rules of \`authmail check\` on this email: ${open.length ? `${open.length} to look at` : 'nothing to fix'}. Accessibility (axe, in Chromium) runs with \`authmail check\`.`,
        ),
        group('error', 'Errors'),
        group('warning', 'Warnings'),
        group('info', 'Notes'),
        accepted.length > 0 &&
          h(
            'details.check-group.accepted',
            {},
            h('summary', {}, `${accepted.length} accepted by documented exceptions`),
            h(
              'ul',
              {},
              accepted.map((f) =>
                h('li', {}, h('code', {}, f.rule), ' ', f.message, h('div.where', {}, `Accepted: ${f.accepted}`)),
              ),
            ),
          ),
      );
      out.dataset.checks = 'done';
    });
  return out;
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
          emailShown();
        },
        look,
      );
      const viewport = h('div.viewport', { 'data-scheme': look.scheme }, frame);
      sizeViewport(viewport, frame, width.px);
      return h(
        'div',
        {},
        shownMode(look) !== look.scheme &&
          h(
            'p.note.forced-dark',
            {},
            'Gmail app, dark: the app ignores the email’s own dark styles and inverts light backgrounds and dark text itself (shown as Forced dark).',
          ),
        look.scheme !== 'light' && h('p.note.mode-clients', {}, COLOUR_MODES[shownMode(look)].clients),
        viewport,
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

function errorBox(error: PreviewError) {
  return h(
    'div.error-box',
    { role: 'alert', 'data-code': error.code },
    h('strong', {}, error.code),
    h('pre', {}, error.message),
    error.stack && h('details', {}, h('summary', {}, 'Stack'), h('pre', {}, error.stack)),
  );
}

async function refresh() {
  if (state.view !== 'email') return;
  const seq = ++renderSeq;
  const variant = VARIANTS[state.compare];
  const locales = variant ? [state.locale] : [state.locale, state.compare].filter(Boolean);
  const variables = variablesOf(state.template);
  const started = performance.now();
  const results = await Promise.all(
    locales.map((locale) => api.render({ template: state.template, locale, brand: state.brand, variables })),
  );
  if (seq !== renderSeq || state.view !== 'email') return;
  const main = document.getElementById('main');
  if (!main) return;
  const failure = results.find((r) => !r.ok);
  const error = failure && !failure.ok ? failure.error : null;
  editor?.showError(error);
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
  const panes = views.map(({ result: i, look, label }) => {
    const r = results[i] as RenderResponse;
    const previous = lastResults[i];
    const shown = r.ok ? r : previous?.ok && previous.template === state.template ? previous : undefined;
    return h(
      `section.pane${r.ok ? '' : '.stale'}`,
      {
        'data-locale': locales[i],
        'data-look': label ? state.compare : '',
        'aria-label': `${state.template} in ${locales[i]}${label}`,
      },
      h('div.pane-head', {}, h('span.tag', {}, `${locales[i]} · ${localeInfo(locales[i] as string).name}${label}`)),
      !r.ok && errorBox(r.error),
      shown?.ok && inboxRow(shown),
      shown?.ok && paneBody(shown, look),
    );
  });
  lastResults = results.map((r, i) => (r.ok ? r : (lastResults[i] ?? r)));
  replaceChildren(main, h('div.tabs', {}, tabs), h(`div.panes${panes.length > 1 ? '.split' : ''}`, {}, panes));
  const ok = results.filter((r): r is RenderedPreview => r.ok);
  if (ok.length === results.length) {
    status(
      `${state.template} · ${locales.join(' + ')} — rendered by the build and the runtime in ${Math.max(...ok.map((r) => r.ms)).toFixed(0)} ms (round trip ${(performance.now() - started).toFixed(0)} ms)`,
    );
  }
}

/* ---------- contact sheet ---------- */

function showSheet() {
  const main = document.getElementById('main');
  if (!main) return;
  const cells =
    state.view === 'sheet-templates'
      ? meta.templates.map((t) => ({ template: t.id, locale: state.locale, vars: edited[t.id] }))
      : meta.locales.map((l) => ({ template: state.template, locale: l.tag, vars: variablesOf(state.template) }));
  const title =
    state.view === 'sheet-templates'
      ? `Every template in ${state.locale} (${localeInfo(state.locale).name})`
      : `${state.template} in every locale`;
  replaceChildren(
    main,
    h('h2.sheet-title', {}, title),
    h(
      'div.sheet',
      { 'data-scheme': state.scheme },
      cells.map((c) =>
        h(
          'figure.cell',
          { 'data-template': c.template, 'data-locale': c.locale },
          h(
            'button.cell-open',
            {
              type: 'button',
              title: 'Open',
              onclick: () => {
                state.template = c.template;
                state.locale = c.locale;
                state.view = 'email';
                layout();
              },
            },
            h('span', {}, c.template),
            ' · ',
            h('span', {}, c.locale),
          ),
          h(
            'div.thumb',
            {},
            emailFrame(
              sheetUrl({ template: c.template, locale: c.locale, brand: state.brand, vars: c.vars, generation }),
              `${c.template} in ${c.locale}`,
              (f) => {
                const doc = f.contentDocument;
                const height = Math.min(1400, Math.max(300, doc?.documentElement.scrollHeight ?? 600));
                f.style.height = `${height}px`;
                fitThumb(f, height);
                f.closest('.cell')?.setAttribute('data-rendered', String(generation));
              },
            ),
          ),
        ),
      ),
    ),
  );
}

/** Scales a contact-sheet email (640 px) to its tile's width, now and whenever the tile resizes: no empty band. */
function fitThumb(frame: HTMLIFrameElement, height: number) {
  const thumb = frame.parentElement as HTMLElement;
  const rescale = () => {
    const scale = thumb.clientWidth / 640;
    frame.style.transform = `scale(${scale})`;
    thumb.style.height = `${Math.round(height * scale)}px`;
  };
  rescale();
  new ResizeObserver(rescale).observe(thumb);
}

/* ---------- inbox ---------- */

async function updateInboxCount() {
  const { address, messages } = await api.inbox();
  const count = document.getElementById('inbox-count');
  if (count) count.textContent = messages.length ? `${messages.length} in inbox` : '';
  for (const el of document.querySelectorAll('.inbox-address')) {
    el.textContent = `smtp://${address.host}:${address.port}`;
  }
}

async function showInbox() {
  const main = document.getElementById('main');
  if (!main) return;
  const { address, messages: list } = await api.inbox();
  const detail = h('div.message', { id: 'message' });
  const select = async (id: string) => {
    openMessage = id;
    const m = await api.message(id);
    for (const b of main.querySelectorAll('.messages button')) {
      b.setAttribute('aria-current', String((b as HTMLElement).dataset.id === id));
    }
    showMessage(detail, m);
  };
  replaceChildren(
    main,
    h(
      'div.inbox',
      {},
      h(
        'div.inbox-list',
        {},
        h(
          'div.row',
          {},
          h('h2', {}, 'Local inbox'),
          h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                await api.clearInbox();
                openMessage = '';
                void showInbox();
              },
            },
            'Clear',
          ),
        ),
        h('p.hint', {}, `smtp://${address.host}:${address.port} — kept in memory, never forwarded.`),
        list.length === 0 && h('p.empty', {}, 'No messages yet. Use “Send test email” in the Email view.'),
        h(
          'ul.messages',
          {},
          list.map((m) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', 'data-id': m.id, onclick: () => void select(m.id) },
                h('span.subject', {}, m.subject),
                h('span.meta', {}, `${m.from} → ${m.to} · ${new Date(m.receivedAt).toLocaleTimeString()}`),
              ),
            ),
          ),
        ),
      ),
      detail,
    ),
  );
  const first = list.find((m) => m.id === openMessage) ?? list[0];
  if (first) await select(first.id);
}

function showMessage(out: HTMLElement, m: InboxMessage) {
  replaceChildren(
    out,
    h('h2', {}, m.subject),
    h(
      'table.headers',
      {},
      h(
        'tbody',
        {},
        m.headers.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))),
      ),
    ),
    h('h3', {}, 'HTML part'),
    m.html === null
      ? h('p.empty', {}, 'No HTML part.')
      : h('div.viewport', { 'data-scheme': state.scheme }, inboxFrame(m)),
    h('h3', {}, 'Text part'),
    // The message's language gives the direction (an Arabic text part reads right to left).
    h('pre.source.text', { 'data-part': 'text', dir: directionOfMessage(m) }, m.text),
  );
}

/** The HTML part at the desktop width a mail client gives it (the email's own mobile rules stay for narrow). */
function inboxFrame(m: InboxMessage) {
  const frame = emailFrame(`/__inbox/${m.id}`, 'HTML part', fitHeight);
  frame.style.width = `${WIDTHS.desktop.px}px`;
  frame.style.maxWidth = '100%';
  return frame;
}

function directionOfMessage(m: InboxMessage): 'ltr' | 'rtl' | 'auto' {
  const language = m.headers.find(([k]) => k.toLowerCase() === 'content-language')?.[1]?.trim();
  return (language && meta.locales.find((l) => l.tag.toLowerCase() === language.toLowerCase())?.dir) || 'auto';
}

/* ---------- live reload ---------- */

function listen() {
  const events = new EventSource('/api/events');
  events.addEventListener('reload', (e) => {
    const event = JSON.parse((e as MessageEvent).data) as ReloadEvent;
    generation = event.generation;
    document.body.dataset.generation = String(generation);
    void (async () => {
      if (state.view === 'email') await refresh();
      else if (state.view !== 'inbox' && state.view !== 'visual') showSheet();
      if (!event.error) {
        // Declarations or brands may have changed too: rebuild the controls if so.
        const next = await api.meta();
        const changed =
          JSON.stringify(next.templates.map((t) => [t.id, t.variables])) !==
            JSON.stringify(meta.templates.map((t) => [t.id, t.variables])) ||
          JSON.stringify(next.brands) !== JSON.stringify(meta.brands);
        meta = next;
        if (changed) layout();
      }
      const files = event.files.join(', ');
      if (event.error) status(`${files}: ${event.error.message.split('\n')[0]}`, 'error');
      else status(`Reloaded after ${files} changed (${event.ms.toFixed(0)} ms)`);
    })();
  });
  events.addEventListener('inbox', () => {
    void updateInboxCount();
    if (state.view === 'inbox') void showInbox();
  });
}

/* ---------- start ---------- */

async function start() {
  // Registered first: the frames wait for it, the rest of the page does not.
  serviceWorkerReady = serviceWorker().catch((error: unknown) =>
    status(`Service worker unavailable (${String(error)}): emails may show broken logos.`, 'error'),
  );
  const m = await api.meta();
  meta = m;
  generation = m.generation;
  if (!meta.templates.some((t) => t.id === state.template)) state.template = meta.templates[0]?.id ?? '';
  if (!meta.locales.some((l) => l.tag === state.locale)) state.locale = 'en';
  if (!meta.brands.some((b) => b.id === state.brand)) state.brand = '';
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
