/**
 * Contact sheets: every template in one locale, or one template in every locale, as live thumbnails in the
 * toolbar's colour mode and at its width (the mobile layout at 375 px, scaled to the tile).
 */
import { sheetUrl } from '../api.ts';
import { h, replaceChildren } from '../dom.ts';
import { emailFrame } from '../frame.ts';
import { layout } from '../layout.ts';
import { app, edited, localeInfo, state, variablesOf, WIDTHS } from '../state.ts';

export function showSheet() {
  const main = document.getElementById('main');
  if (!main) return;
  const cells =
    state.view === 'sheet-templates'
      ? app.meta.templates.map((t) => ({ template: t.id, locale: state.locale, vars: edited[t.id] }))
      : app.meta.locales.map((l) => ({ template: state.template, locale: l.tag, vars: variablesOf(state.template) }));
  const title =
    state.view === 'sheet-templates'
      ? `Every template in ${state.locale} (${localeInfo(state.locale).name})`
      : `${state.template} in every locale`;
  replaceChildren(
    main,
    h('h2.sheet-title', {}, title),
    h(
      'div.sheet',
      { 'data-scheme': state.scheme, 'data-width': state.width },
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
              sheetUrl({
                template: c.template,
                locale: c.locale,
                brand: state.brand,
                vars: c.vars,
                generation: app.generation,
              }),
              `${c.template} in ${c.locale}`,
              (f) => {
                const doc = f.contentDocument;
                const height = Math.min(1400, Math.max(300, doc?.documentElement.scrollHeight ?? 600));
                f.style.height = `${height}px`;
                fitThumb(f, height, WIDTHS[state.width].px);
                f.closest('.cell')?.setAttribute('data-rendered', String(app.generation));
              },
            ),
          ),
        ),
      ),
    ),
  );
}

/** Scales a contact-sheet email (`px` wide) to its tile's width, now and whenever the tile resizes: no empty band. */
function fitThumb(frame: HTMLIFrameElement, height: number, px: number) {
  const thumb = frame.parentElement as HTMLElement;
  frame.style.width = `${px}px`;
  const rescale = () => {
    const scale = thumb.clientWidth / px;
    frame.style.transform = `scale(${scale})`;
    thumb.style.height = `${Math.round(height * scale)}px`;
  };
  rescale();
  new ResizeObserver(rescale).observe(thumb);
}
