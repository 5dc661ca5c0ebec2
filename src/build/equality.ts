/**
 * The build's one invariant, checked where it breaks: a compiled bundle
 * filled by the runtime gives exactly what React renders with the same
 * values. The usual way to break it is a JavaScript condition on `s.v()`
 * (`s.v('user.name') && …`), always true in the build, where `{{user.name}}`
 * stands for the value. Each template is filled with its sample values and
 * with only its required ones (sample minus every optional field), in one
 * locale, and compared with the React render; the first difference is named.
 */

import type { Brand } from '../brand/brand.ts';
import type { FlatField } from '../catalog/fields.ts';
import { TemplateError } from '../core/errors.ts';
import type { ProjectTemplate } from '../project/catalog.ts';
import { renderScope, scopeFor } from '../render/render.tsx';
import type { Translations } from '../render/translations.ts';
import type { Bundle } from '../runtime/bundle.ts';

/** The sample without any optional field (an optional object goes whole). */
export function minimalValues(sample: Record<string, unknown>, fields: readonly FlatField[]): Record<string, unknown> {
  const copy = structuredClone(sample);
  for (const field of fields) {
    if (field.required) continue;
    const keys = field.path.split('.');
    const last = keys.pop() as string;
    let parent: unknown = copy;
    for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
    if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}

/** Where two strings first differ, with a little context of each. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 30), i + 50));
  return `at character ${i}: the bundle has ${show(a)}, React renders ${show(b)}`;
}

export async function checkRuntimeEquality(options: {
  template: ProjectTemplate;
  locale: string;
  bundle: Bundle;
  brand: Brand;
  translations: Translations;
}): Promise<void> {
  const { template, locale, bundle, brand, translations } = options;
  const sample = template.definition.sample as Record<string, unknown>;
  const sets = { 'sample values': sample, 'required values only': minimalValues(sample, template.fields) };
  for (const [name, variables] of Object.entries(sets)) {
    const filled = bundle.render(template.id, { locale, variables });
    const rendered = await renderScope(template, scopeFor(template, { locale, variables, brand, translations }));
    for (const part of ['subject', 'html', 'text'] as const) {
      if (filled[part] === rendered[part]) continue;
      throw new TemplateError(
        `Template "${template.id}" (${template.file}): with its ${name} in ${locale}, the compiled ${part} differs from the React render ${firstDifference(filled[part], rendered[part])}. ` +
          'A JavaScript condition on s.v() is the usual cause (in the build s.v() is a {{slot}}, always truthy): use s.when() or s.pick().',
      );
    }
  }
}
