/** The local inbox: received messages with their headers, HTML part and text part. */
import type { InboxMessage } from '../../../src/preview/protocol.ts';
import { api } from '../api.ts';
import { h, replaceChildren } from '../dom.ts';
import { emailFrame, fitHeight } from '../frame.ts';
import { app, state, WIDTHS } from '../state.ts';

let openMessage = '';

export async function updateInboxCount() {
  const { address, messages } = await api.inbox();
  const count = document.getElementById('inbox-count');
  if (count) count.textContent = messages.length ? `${messages.length} in inbox` : '';
  for (const el of document.querySelectorAll('.inbox-address')) {
    el.textContent = `smtp://${address.host}:${address.port}`;
  }
}

export async function showInbox() {
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
  return (language && app.meta.locales.find((l) => l.tag.toLowerCase() === language.toLowerCase())?.dir) || 'auto';
}
