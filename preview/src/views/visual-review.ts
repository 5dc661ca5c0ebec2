/**
 * The visual review view: the failing comparisons of the last
 * `authmail test:visual`, each as expected / actual / diff side by side, as a
 * slider that wipes from the baseline to the new shot, or as an overlay that
 * leaves only what changed lit, at fit, 1×, 2× or 4×; approving one shot, or
 * all of a template, a locale or the run after a confirmation (their actual
 * images become the baselines), and moving on to the next difference.
 * Keyboard: j/k or ↓/↑ next/previous, a approve, 1/2/3 the modes, +/−/0 zoom.
 */
import type { VisualComparison, VisualReview } from '../../../src/preview/protocol.ts';
import { api } from '../api.ts';
import { segmented } from '../controls.ts';
import { h, replaceChildren } from '../dom.ts';

type Mode = 'side' | 'slider' | 'overlay';
const MODES: Record<Mode, string> = { side: 'Side by side', slider: 'Slider', overlay: 'Overlay (difference)' };
// Not plain digits as keys: those would come first in the object's order.
type Zoom = 'fit' | 'x1' | 'x2' | 'x4';
const ZOOMS: Record<Zoom, string> = { fit: 'Fit', x1: '1×', x2: '2×', x4: '4×' };
const ZOOM_ORDER = Object.keys(ZOOMS) as Zoom[];

let mode: Mode = 'side';
let zoom: Zoom = 'fit';
let openId = '';
/** The review on screen: what the keyboard acts on. */
let current: { go(step: 1 | -1): void; approve(): void; redraw(): void } | undefined;

type Status = (text: string, kind?: 'info' | 'error') => void;

/** `<locale>/<template>.<variant>` → its locale and template. */
const partsOf = (id: string) => {
  const [locale = '', rest = ''] = id.split('/');
  return { locale, template: rest.slice(0, rest.indexOf('.')) };
};

export async function showVisualReview(main: HTMLElement, status: Status) {
  current = undefined;
  const review = await api.visual();
  const run = review.run;
  const again = () => void showVisualReview(main, status);
  const heading = h(
    'div.row',
    {},
    h('h2', {}, 'Visual review'),
    h('button', { type: 'button', onclick: again, title: 'Read the last run again' }, 'Refresh'),
  );
  if (!run) {
    replaceChildren(
      main,
      h(
        'div.visual',
        {},
        heading,
        h(
          'p.empty',
          {},
          `No visual run in ${review.out} yet. Run `,
          h('code', {}, 'npx authmail test:visual'),
          ', then refresh.',
        ),
      ),
    );
    return;
  }
  const summary = h(
    'p.hint',
    {},
    `Last run ${new Date(run.finishedAt).toLocaleString()}: ${run.passed} passed, ${run.failures.length} failed of ${run.shots} screenshots. Baselines: ${run.baselines}.`,
  );
  if (!run.failures.length) {
    replaceChildren(
      main,
      h('div.visual', {}, heading, summary, h('p.empty', {}, 'Every screenshot matched its baseline.')),
    );
    return;
  }
  const failures = run.failures;
  const open = () => failures.filter((f) => !f.approvedAt);
  const detail = h('div.comparison', { id: 'comparison' });
  const metaOf = (f: VisualComparison) =>
    f.approvedAt ? 'approved' : f.diffPixels === undefined ? 'no baseline' : `${f.diffPixels} px`;
  const list = h(
    'ul.comparisons',
    {},
    failures.map((f) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', 'data-id': f.id, onclick: () => show(f) },
          h('span.id', {}, f.id),
          h('span.meta', {}, metaOf(f)),
        ),
      ),
    ),
  );
  const approveAll = h('button.approve-all', { type: 'button' });

  /** Approves `targets` (after a confirmation when more than one); then moves to the next open difference. */
  const approve = async (targets: VisualComparison[], what: string) => {
    const ids = targets.filter((f) => !f.approvedAt).map((f) => f.id);
    if (!ids.length) return;
    if (
      ids.length > 1 &&
      !window.confirm(
        `Approve ${ids.length} screenshots (${what})? Their actual images become the baselines in ${run.baselines}.`,
      )
    )
      return;
    const result = await api.approve({ ids });
    if (!result.ok) {
      status(`Not approved: ${result.error.message}`, 'error');
      return;
    }
    const now = new Date().toISOString();
    for (const f of targets) f.approvedAt ??= now;
    for (const f of targets) {
      const meta = list.querySelector(`button[data-id="${CSS.escape(f.id)}"] .meta`);
      if (meta) meta.textContent = metaOf(f);
    }
    const written =
      result.baselines.length === 1
        ? `${result.baselines[0]} written`
        : `${result.baselines.length} baselines written in ${run.baselines}`;
    status(`Approved ${ids.length === 1 ? ids[0] : what}: ${written}. Commit them with the change.`);
    updateAll();
    // Auto-advance: the next difference still open after this one (wrapping), or stay when none is left.
    const at = failures.findIndex((f) => f.id === openId);
    const next = [...failures.slice(at + 1), ...failures.slice(0, at + 1)].find((f) => !f.approvedAt);
    show(next ?? (failures[at] as VisualComparison));
  };
  const updateAll = () => {
    const left = open().length;
    approveAll.textContent = left ? `Approve all (${left})` : 'All approved';
    approveAll.disabled = !left;
    approveAll.onclick = () => void approve(failures, `every failure of the run`);
  };
  updateAll();

  const show = (f: VisualComparison) => {
    openId = f.id;
    for (const b of list.querySelectorAll<HTMLButtonElement>('button')) {
      b.setAttribute('aria-current', String(b.dataset.id === f.id));
    }
    const { locale, template } = partsOf(f.id);
    const ofTemplate = failures.filter((g) => partsOf(g.id).template === template);
    const ofLocale = failures.filter((g) => partsOf(g.id).locale === locale);
    const group = (label: string, targets: VisualComparison[], what: string, scope: string) => {
      const left = targets.filter((g) => !g.approvedAt).length;
      return h(
        'button.approve-group',
        {
          type: 'button',
          'data-scope': scope,
          disabled: left < 2,
          title: `Approve the ${left} open failures of ${what}, after a confirmation`,
          onclick: () => void approve(targets, what),
        },
        `${label} (${left})`,
      );
    };
    showComparison(detail, f, review, () => show(f), {
      approve: () => void approve([f], f.id),
      groups: [
        group(`All of ${template}`, ofTemplate, template, 'template'),
        group(`All in ${locale}`, ofLocale, locale, 'locale'),
      ],
    });
  };
  current = {
    go(step) {
      const at = failures.findIndex((f) => f.id === openId);
      const next = failures[(at + step + failures.length) % failures.length];
      if (next) {
        show(next);
        list.querySelector<HTMLButtonElement>(`button[data-id="${CSS.escape(next.id)}"]`)?.focus();
      }
    },
    approve() {
      const f = failures.find((g) => g.id === openId);
      if (f && !f.approvedAt) detail.querySelector<HTMLButtonElement>('button.approve')?.click();
    },
    redraw() {
      const f = failures.find((g) => g.id === openId);
      if (f) show(f);
    },
  };
  replaceChildren(
    main,
    h(
      'div.visual',
      {},
      heading,
      summary,
      h(
        'div.row',
        {},
        approveAll,
        h(
          'p.hint.shortcuts',
          {},
          'Keys: j / k next / previous · a approve · 1 2 3 side by side, slider, overlay · + − 0 zoom',
        ),
      ),
      h('div.visual-body', {}, h('nav.visual-list', { 'aria-label': 'Failing comparisons' }, list), detail),
    ),
  );
  show(failures.find((f) => f.id === openId) ?? (failures[0] as VisualComparison));
}

function showComparison(
  out: HTMLElement,
  f: VisualComparison,
  review: VisualReview,
  redraw: () => void,
  actions: { approve(): void; groups: HTMLElement[] },
) {
  const approve = h(
    'button.approve',
    {
      type: 'button',
      disabled: Boolean(f.approvedAt),
      title: `Write this actual image as the baseline in ${review.run?.baselines} (the same as test:visual --update for this shot)`,
      onclick: () => {
        approve.disabled = true;
        actions.approve();
      },
    },
    f.approvedAt ? 'Approved: baseline written' : 'Approve as the new baseline',
  );
  replaceChildren(
    out,
    h('h3', {}, f.id),
    h('p.reason', {}, f.reason),
    h(
      'div.row',
      {},
      f.images.expected &&
        segmented('Compare', MODES, mode, (m) => {
          mode = m;
          redraw();
        }),
      segmented('Zoom', ZOOMS, zoom, (z) => {
        zoom = z;
        redraw();
      }),
    ),
    h('div.row.approvals', {}, approve, actions.groups),
    images(f),
  );
}

/** Sizes an image for the zoom: fit to the column, or its natural size times the factor, pixels kept sharp. */
function zoomed(img: HTMLImageElement) {
  const apply = () => {
    if (zoom === 'fit') return;
    img.style.maxWidth = 'none';
    img.style.width = `${img.naturalWidth * Number(zoom.slice(1))}px`;
    img.style.imageRendering = zoom === 'x1' ? '' : 'pixelated';
  };
  if (img.complete && img.naturalWidth) apply();
  else img.addEventListener('load', apply, { once: true });
  return img;
}

function images(f: VisualComparison) {
  const { expected, actual, diff } = f.images;
  const figure = (label: string, src: string | undefined) =>
    h(
      'figure',
      {},
      h('figcaption', {}, label),
      src ? zoomed(h('img', { src, alt: label }) as HTMLImageElement) : h('p.empty', {}, 'none'),
    );
  if (!expected || mode === 'side') {
    return h(
      'div.images',
      { 'data-mode': 'side', 'data-zoom': zoom },
      figure('Expected (baseline)', expected),
      figure('Actual', actual),
      figure('Diff (changed pixels in red)', diff),
    );
  }
  // Both stacked at the same size from the top-left corner; the actual shot on top.
  const top = zoomed(h('img.over', { src: actual, alt: 'Actual' }) as HTMLImageElement);
  const stack = h(
    'div.stack',
    {},
    zoomed(h('img', { src: expected, alt: 'Expected (baseline)' }) as HTMLImageElement),
    top,
  );
  if (mode === 'overlay') {
    top.style.mixBlendMode = 'difference';
    return h(
      'div.images',
      { 'data-mode': 'overlay', 'data-zoom': zoom },
      h('p.hint', {}, 'The actual shot over the baseline in difference mode: unchanged pixels turn black.'),
      stack,
    );
  }
  const wipe = (percent: number) => {
    top.style.clipPath = `inset(0 0 0 ${percent}%)`;
  };
  wipe(50);
  return h(
    'div.images',
    { 'data-mode': 'slider', 'data-zoom': zoom },
    h(
      'label.control',
      {},
      h('span', {}, 'Baseline ◀ ▶ actual'),
      h('input', {
        type: 'range',
        min: '0',
        max: '100',
        value: '50',
        'aria-label': 'Wipe between the baseline (left) and the actual shot (right)',
        oninput: (e: Event) => wipe(Number((e.target as HTMLInputElement).value)),
      }),
    ),
    stack,
  );
}

const KEYS: Record<string, () => void> = {
  j: () => current?.go(1),
  ArrowDown: () => current?.go(1),
  k: () => current?.go(-1),
  ArrowUp: () => current?.go(-1),
  a: () => current?.approve(),
  '1': () => setMode('side'),
  '2': () => setMode('slider'),
  '3': () => setMode('overlay'),
  '+': () => stepZoom(1),
  '=': () => stepZoom(1),
  '-': () => stepZoom(-1),
  '0': () => {
    zoom = 'fit';
    current?.redraw();
  },
};
const setMode = (m: Mode) => {
  mode = m;
  current?.redraw();
};
const stepZoom = (step: 1 | -1) => {
  const at = ZOOM_ORDER.indexOf(zoom) + step;
  zoom = ZOOM_ORDER[Math.max(0, Math.min(ZOOM_ORDER.length - 1, at))] as Zoom;
  current?.redraw();
};

document.addEventListener('keydown', (e) => {
  if (!current || !document.querySelector('.visual-body')) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const target = e.target as HTMLElement | null;
  if (target?.closest('input, select, textarea, [contenteditable]')) return;
  const action = KEYS[e.key];
  if (!action) return;
  e.preventDefault();
  action();
});
