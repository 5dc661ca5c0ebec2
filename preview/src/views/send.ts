/**
 * The test send, in the toolbar: a menu with the delivery choice (the built-in inbox, or the configured
 * transport, labelled when it is a real delivery), the address, and the button.
 */
import { api } from '../api.ts';
import { h, replaceChildren } from '../dom.ts';
import { layout } from '../layout.ts';
import { app, type State, saveState, state, variablesOf } from '../state.ts';
import { updateInboxCount } from './inbox.ts';

/** Kept open across re-layouts (choosing the transport re-lays the page). */
let open = false;

export function sendMenu() {
  const sendStatus = h('div.send-status', { id: 'send-status', role: 'status' });
  const menu = h(
    'details.send-menu',
    { open, ontoggle: () => (open = menu.open) },
    h(
      'summary',
      { title: 'Send this email as it shows, to the built-in inbox or through the configured transport' },
      'Send test',
    ),
    h(
      'div.send-body',
      {},
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
  ) as HTMLDetailsElement;
  return menu;
}

/** Local inbox (default) or the configured transport; a real delivery is labelled as one. */
function viaChoice() {
  const t = app.meta.transport;
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
