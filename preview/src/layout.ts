/** The page: header, toolbar, templates list, and the view chosen in the header. */
import { COLOUR_MODES, type ColourMode } from './colour-modes.ts';
import { segmented, select } from './controls.ts';
import { h, replaceChildren } from './dom.ts';
import { currentLook, VARIANTS, variantsFor } from './frame.ts';
import { app, localeOptions, saveState, state, type View, WIDTHS, type Width } from './state.ts';
import { status } from './ui.ts';
import { firstViewSettled, refresh } from './views/email.ts';
import { showInbox, updateInboxCount } from './views/inbox.ts';
import { renderPanel } from './views/panel.ts';
import { sendMenu } from './views/send.ts';
import { showSheet } from './views/sheet.ts';
import { showVisualReview } from './views/visual-review.ts';

export const $app = document.getElementById('app') as HTMLElement;

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
  const brands = app.meta.brands.map((b) => ({ value: b.id, label: b.label }));
  // Partners that differ from what the toolbar shows: no locale beside itself, no "the same in Dark" while Dark is on.
  const compare = [
    { value: '', label: 'off' },
    ...variantsFor(currentLook()).map(([value, v]) => ({ value, label: v.label })),
    ...localeOptions().filter((o) => o.value !== state.locale),
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
          // Two panes fit their columns by default (Fit can still be switched off).
          if (v && !state.compare) state.fit = true;
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
    state.view === 'email' && sendMenu(),
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
      app.meta.templates.map((t) =>
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
    // Files that are not templates because something is wrong with them: named here, the others preview.
    app.meta.problems.length > 0 &&
      h(
        'section.problems',
        { 'aria-label': 'Templates not previewed' },
        h('h2', {}, `Not previewed (${app.meta.problems.length})`),
        h(
          'ul',
          {},
          app.meta.problems.map((p) =>
            h(
              'li',
              { 'data-problem': p.file },
              h('code.file', {}, `${p.file}${p.line !== undefined ? `:${p.line}` : ''}`),
              h('p.message', {}, p.message),
            ),
          ),
        ),
      ),
  );
}

export function layout() {
  // A partner that became identical (Dark switched on beside "the same in Dark", the locale picked beside itself) goes.
  if (state.compare === state.locale || (VARIANTS[state.compare] && !VARIANTS[state.compare]?.differs(currentLook()))) {
    state.compare = '';
  }
  saveState();
  document.documentElement.dataset.scheme = state.scheme;
  const main = h('main.main', { id: 'main' });
  const panel = h('aside.panel', { id: 'panel' });
  // The toolbar spans the page (not only the email's column): at 1024 px with both panels open it keeps to two rows.
  replaceChildren(
    $app,
    header(),
    state.view !== 'inbox' && state.view !== 'visual' && toolbar(),
    h(
      'div.body',
      {},
      !state.hidden.templates && sidebar(),
      h('div.center', {}, main),
      !state.hidden.variables && panel,
    ),
    h('footer.status', { id: 'status', role: 'status' }),
  );
  app.editor = undefined;
  if (state.view === 'email') {
    renderPanel(panel);
    void refresh();
    // The inbox count waits for the first email (or its error): that is what the designer opened the page for.
    void firstViewSettled.then(() => updateInboxCount());
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
