/**
 * The visual review view: the failing comparisons of the last
 * `authmail test:visual`, each as expected / actual / diff side by side, as a
 * slider that wipes from the baseline to the new shot, or as an overlay that
 * leaves only what changed lit; and an Approve button that makes one shot's
 * actual image its baseline (`test:visual --update` for that shot alone).
 */
import type { VisualComparison, VisualReview } from '../../../src/preview/protocol.ts';
import { api } from '../api.ts';
import { segmented } from '../controls.ts';
import { h, replaceChildren } from '../dom.ts';

type Mode = 'side' | 'slider' | 'overlay';
const MODES: Record<Mode, string> = { side: 'Side by side', slider: 'Slider', overlay: 'Overlay (difference)' };

let mode: Mode = 'side';
let openId = '';

export async function showVisualReview(main: HTMLElement, status: (text: string, kind?: 'info' | 'error') => void) {
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
  const detail = h('div.comparison', { id: 'comparison' });
  const list = h(
    'ul.comparisons',
    {},
    run.failures.map((f) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', 'data-id': f.id, onclick: () => open(f) },
          h('span.id', {}, f.id),
          h(
            'span.meta',
            {},
            f.approvedAt ? 'approved' : f.diffPixels === undefined ? 'no baseline' : `${f.diffPixels} px`,
          ),
        ),
      ),
    ),
  );
  const open = (f: VisualComparison) => {
    openId = f.id;
    for (const b of list.querySelectorAll<HTMLButtonElement>('button')) {
      b.setAttribute('aria-current', String(b.dataset.id === f.id));
    }
    showComparison(detail, f, review, status, () => open(f));
  };
  replaceChildren(
    main,
    h(
      'div.visual',
      {},
      heading,
      summary,
      h('div.visual-body', {}, h('nav.visual-list', { 'aria-label': 'Failing comparisons' }, list), detail),
    ),
  );
  open(run.failures.find((f) => f.id === openId) ?? (run.failures[0] as VisualComparison));
}

function showComparison(
  out: HTMLElement,
  f: VisualComparison,
  review: VisualReview,
  status: (text: string, kind?: 'info' | 'error') => void,
  redraw: () => void,
) {
  const approve = h(
    'button.approve',
    {
      type: 'button',
      disabled: Boolean(f.approvedAt),
      title: `Write this actual image as the baseline in ${review.run?.baselines} (the same as test:visual --update for this shot)`,
      onclick: async () => {
        approve.disabled = true;
        try {
          const result = await api.approve({ id: f.id });
          if (!result.ok) throw new Error(result.error.message);
          f.approvedAt = new Date().toISOString();
          status(`Approved ${f.id}: ${result.baseline} written. Commit it with the change.`);
          const meta = document.querySelector(`.comparisons button[data-id="${CSS.escape(f.id)}"] .meta`);
          if (meta) meta.textContent = 'approved';
          redraw();
        } catch (error) {
          approve.disabled = false;
          status(`Not approved: ${(error as Error).message}`, 'error');
        }
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
      approve,
    ),
    images(f),
  );
}

function images(f: VisualComparison) {
  const { expected, actual, diff } = f.images;
  const figure = (label: string, src: string | undefined) =>
    h('figure', {}, h('figcaption', {}, label), src ? h('img', { src, alt: label }) : h('p.empty', {}, 'none'));
  if (!expected || mode === 'side') {
    return h(
      'div.images',
      { 'data-mode': 'side' },
      figure('Expected (baseline)', expected),
      figure('Actual', actual),
      figure('Diff (changed pixels in red)', diff),
    );
  }
  // Both stacked at their natural size from the top-left corner; the actual shot on top.
  const top = h('img.over', { src: actual, alt: 'Actual' });
  const stack = h('div.stack', {}, h('img', { src: expected, alt: 'Expected (baseline)' }), top);
  if (mode === 'overlay') {
    top.style.mixBlendMode = 'difference';
    return h(
      'div.images',
      { 'data-mode': 'overlay' },
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
    { 'data-mode': 'slider' },
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
