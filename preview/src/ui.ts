/** Small helpers of the page: the status bar, debouncing, copying, slot highlighting. */
import { h } from './dom.ts';

export function debounce(fn: () => void, ms: number) {
  let timer: number | undefined;
  return () => {
    clearTimeout(timer);
    timer = window.setTimeout(fn, ms);
  };
}

/** What the page was told at start and could not follow (a query value it ignored): kept in front of every status. */
let note = '';
export function setNote(text: string) {
  note = text;
  status('');
}

export function status(text: string, kind: 'info' | 'error' = 'info') {
  const bar = document.getElementById('status');
  if (!bar) return;
  bar.textContent = note && text ? `${note} ${text}` : note || text;
  bar.dataset.kind = kind;
}

export async function copy(text: string, button: HTMLButtonElement) {
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
export function slotted(source: string) {
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
