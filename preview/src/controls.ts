/** The toolbar's form controls: a labelled select and a group of toggle buttons. */
import { h } from './dom.ts';

export function select(
  label: string,
  options: { value: string; label: string }[],
  value: string,
  onChange: (v: string) => void,
  name: string,
) {
  return h(
    'label.control',
    {},
    h('span', {}, label),
    h(
      'select',
      { name, 'aria-label': label, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
      options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
    ),
  );
}

export function segmented<T extends string>(
  name: string,
  options: Record<T, string>,
  value: T,
  onChange: (v: T) => void,
) {
  return h(
    'div.segmented',
    { role: 'group', 'aria-label': name },
    (Object.keys(options) as T[]).map((key) =>
      h(
        'button',
        {
          type: 'button',
          'data-value': key,
          'aria-pressed': String(key === value),
          onclick: () => onChange(key),
        },
        options[key],
      ),
    ),
  );
}
