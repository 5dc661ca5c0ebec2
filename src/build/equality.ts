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
import { markupDifference, renderComponent, sameMarkup } from '../render/react-email/compile.ts';
import { renderValues, scopeFor } from '../render/render.tsx';
import type { Translations } from '../render/translations.ts';
import type { Bundle } from '../runtime/bundle.ts';
import { absoluteAssets, type BuildAssets } from './assets.ts';

/** The sample without any optional field (an optional object goes whole; an optional list is empty). */
export function minimalValues(sample: Record<string, unknown>, fields: readonly FlatField[]): Record<string, unknown> {
  const copy = structuredClone(sample);
  for (const field of fields) {
    if (field.required) continue;
    const keys = field.path.split('.');
    const last = keys.pop() as string;
    let parent: unknown = copy;
    for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
    if (!parent || typeof parent !== 'object' || Array.isArray(parent)) continue;
    if (field.kind === 'list') (parent as Record<string, unknown>)[last] = [];
    else delete (parent as Record<string, unknown>)[last];
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
  /** The declaration the bundle carries (a React Email template's, with what the compile made required). */
  fields?: readonly FlatField[] | undefined;
  /** The build's assets: the render compared has its root-relative URLs made absolute as the bundle has. */
  assets?: BuildAssets | undefined;
}): Promise<void> {
  const { template, locale, bundle, brand, translations } = options;
  const absolute = <T extends { html: string; text: string }>(parts: T) =>
    absoluteAssets(`${template.id}/${locale}`, parts, options.assets);
  const fields = options.fields ?? template.fields;
  const sample = template.definition.sample as Record<string, unknown>;
  const sets = { 'sample values': sample, 'required values only': minimalValues(sample, fields) };
  // React renders dates in this process's time zone; the runtime in the send's.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const [name, variables] of Object.entries(sets)) {
    if (template.kind === 'react') {
      const filled = bundle.render(template.id, { locale, variables, timeZone });
      const rendered = absolute({
        html: await renderComponent(template.definition.component, variables),
        text: '',
      }).html;
      if (sameMarkup(filled.html, rendered)) continue;
      throw new TemplateError(
        `with its ${name}, the compiled HTML differs from React Email's render ${markupDifference(filled.html, rendered)}. ` +
          'A prop compared or computed on (status === "paid", name.length, items.length > 3) is the usual cause: the runtime fills values, it does not run the template; pass what the email shows as a prop of its own.',
      );
    }
    const filled = bundle.render(template.id, { locale, variables, timeZone });
    const rendered = absolute(
      await renderValues(template, scopeFor(template, { locale, variables, brand, translations, timeZone })),
    );
    for (const part of ['subject', 'html', 'text'] as const) {
      if (filled[part] === rendered[part]) continue;
      throw new TemplateError(
        `Template "${template.id}" (${template.file}): with its ${name} in ${locale}, the compiled ${part} differs from the React render ${firstDifference(filled[part], rendered[part])}. ` +
          'A JavaScript condition on s.v() is the usual cause (in the build s.v() is a {{slot}}, always truthy): use s.when() or s.pick().',
      );
    }
  }
}
