/** The variables panel: the editor of the template's declared variables (the test send is in the toolbar: views/send.ts). */
import { h, replaceChildren } from '../dom.ts';
import { createEditor } from '../editor.ts';
import { layout } from '../layout.ts';
import { app, edited, saveState, state, templateInfo, variablesOf } from '../state.ts';
import { copy, debounce } from '../ui.ts';
import { refresh } from './email.ts';
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
  );
}
