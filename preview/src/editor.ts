/**
 * The variable editor, generated from the template's declared variables (the
 * flat list `flatten()` produces and the manifest carries): one input per
 * leaf, a fieldset per object with a switch to leave it out. Empty inputs are
 * left out of the variables. Validation is the runtime's own: the server
 * renders on every edit and the error it returns is shown at the field.
 */
import type { FlatField } from '../../src/catalog/fields.ts';
import type { PreviewError, TemplateInfo } from '../../src/preview/protocol.ts';
import { h } from './dom.ts';

const KIND_HINT: Record<string, string> = {
  code: 'one-time code',
  url: 'http(s) URL',
  text: 'text',
  email: 'e-mail address',
  id: 'identifier',
  minutes: 'minutes',
  locale: 'locale tag(s)',
  object: 'object',
};

const nameOf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export interface Editor {
  element: HTMLElement;
  /** The variables as the inputs stand. */
  read(): Record<string, unknown>;
  showError(error: PreviewError | null): void;
}

export function createEditor(template: TemplateInfo, values: unknown, onChange: () => void): Editor {
  const fields = template.variables;
  const inputs = new Map<number, HTMLInputElement>();
  const rows = new Map<string, HTMLElement>();
  const containers: HTMLElement[] = [];
  const root = h('div.fields');

  const parentIncluded = (i: number): boolean => {
    const parent = (fields[i] as FlatField).parent;
    if (parent === -1) return true;
    return (inputs.get(parent) as HTMLInputElement).checked && parentIncluded(parent);
  };

  const syncDisabled = () => {
    fields.forEach((_, i) => {
      const input = inputs.get(i) as HTMLInputElement;
      input.disabled = !parentIncluded(i);
      rows.get((fields[i] as FlatField).path)?.classList.toggle('off', input.disabled);
    });
  };

  fields.forEach((field, i) => {
    const container = field.parent === -1 ? root : (containers[field.parent] as HTMLElement);
    const current = valueAt(values, field.path);
    const badge = h(`span.badge.${field.required ? 'req' : 'opt'}`, {}, field.required ? 'required' : 'optional');
    const error = h('div.field-error', { role: 'alert' });
    if (field.kind === 'object') {
      const toggle = h('input', {
        type: 'checkbox',
        checked: current !== undefined && current !== null,
        'data-path': field.path,
        'aria-label': `Include ${field.path}`,
        onchange: () => {
          syncDisabled();
          onChange();
        },
      });
      inputs.set(i, toggle);
      const children = h('div.children');
      containers[i] = children;
      const box = h(
        'fieldset.object',
        { 'data-row': field.path },
        h('legend', { title: field.description }, toggle, ' ', h('code', {}, nameOf(field.path)), ' ', badge),
        h('div.desc', {}, field.description),
        error,
        children,
      );
      rows.set(field.path, box);
      container.append(box);
      return;
    }
    const input = h('input', {
      type: 'text',
      value: current === undefined || current === null ? '' : String(current),
      placeholder: field.default !== undefined ? `default ${field.default}` : KIND_HINT[field.kind],
      inputMode: field.kind === 'minutes' ? 'numeric' : undefined,
      spellcheck: false,
      autocomplete: 'off',
      'data-path': field.path,
      'data-kind': field.kind,
      oninput: onChange,
    });
    inputs.set(i, input);
    const row = h(
      'label.leaf',
      { 'data-row': field.path, title: field.description },
      h('span.name', {}, h('code', {}, nameOf(field.path)), ' ', badge, h('span.kind', {}, KIND_HINT[field.kind])),
      input,
      h('span.desc', {}, field.description),
      field.kind === 'locale' &&
        h(
          'span.note',
          { 'data-note': 'locale' },
          'Not used by this preview: the locale picked above is the send’s own locale, which wins over it. A send that names no locale uses this (locale first, then uiLocales).',
        ),
      error,
    );
    rows.set(field.path, row);
    container.append(row);
  });
  syncDisabled();

  return {
    element: root,
    read() {
      const out: Record<string, unknown> = {};
      const objects: Record<string, unknown>[] = [];
      fields.forEach((field, i) => {
        if (!parentIncluded(i)) return;
        const target = field.parent === -1 ? out : objects[field.parent];
        if (!target) return;
        const input = inputs.get(i) as HTMLInputElement;
        const name = nameOf(field.path);
        if (field.kind === 'object') {
          if (input.checked) {
            const child: Record<string, unknown> = {};
            objects[i] = child;
            target[name] = child;
          }
          return;
        }
        const raw = input.value;
        if (raw === '') return;
        // Minutes go as numbers when they read as one; anything else is sent as typed, for the runtime to judge.
        target[name] = field.kind === 'minutes' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
      });
      return out;
    },
    showError(error) {
      for (const row of rows.values()) {
        row.classList.remove('invalid');
        const slot = row.querySelector(':scope > .field-error');
        if (slot) slot.textContent = '';
      }
      if (!error?.variable) return;
      const row = rows.get(error.variable);
      if (!row) return;
      row.classList.add('invalid');
      const slot = row.querySelector(':scope > .field-error');
      if (slot) slot.textContent = error.message;
    },
  };
}
