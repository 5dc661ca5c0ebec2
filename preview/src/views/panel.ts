/** The variables panel: the editor of the template's declared variables, and the test send. */
import { api } from '../api.ts';
import { h, replaceChildren } from '../dom.ts';
import { createEditor } from '../editor.ts';
import { layout } from '../layout.ts';
import { app, edited, type State, saveState, state, templateInfo, variablesOf } from '../state.ts';
import { copy, debounce } from '../ui.ts';
import { refresh } from './email.ts';
import { updateInboxCount } from './inbox.ts';
import { showSheet } from './sheet.ts';

export function renderPanel(panel: HTMLElement) {
  const t = templateInfo();
  const onEdit = debounce(() => {
    edited[state.template] = app.editor?.read();
    saveState();
    if (state.view === 'email') void refresh();
    else showSheet();
  }, 60);
  app.editor = createEditor(t, variablesOf(t.id), onEdit);
  const sendStatus = h('div.send-status', { id: 'send-status', role: 'status' });
  replaceChildren(
    panel,
    h('h2', {}, 'Variables'),
    h('p.hint', {}, t.when),
    h('div.editor-error', { id: 'editor-error', role: 'alert' }),
    app.editor.element,
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
          title:
            'Long German compounds, names ending in punctuation (right-to-left emails must keep it in place), CJK, emoji, a right-to-left name, a name at the length cap',
          onclick: () => {
            edited[state.template] = templateInfo().stress;
            saveState();
            layout();
          },
        },
        'Stress values',
      ),
      h(
        'button',
        {
          type: 'button',
          onclick: (e: Event) =>
            copy(JSON.stringify(app.editor?.read() ?? {}, null, 2), e.currentTarget as HTMLButtonElement),
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
