/**
 * The development render API: React Email renders a template with real
 * values. The build renders the same templates in slot mode; the runtime's
 * output is tested byte-equal to this one.
 */
import type { ReactElement } from 'react';
import { render as renderReact } from 'react-email';
import { emails, Layout } from '../../emails/index.ts';
import { flatten } from '../catalog/fields.ts';
import { isTemplateId, type TemplateId, templateIds, templates } from '../catalog/templates.ts';
import type { Brand } from '../config/brand.ts';
import { UnknownTemplateError } from '../errors.ts';
import { requestedLocale, resolveLocale } from '../locale/index.ts';
import type { RenderedEmail, RenderInput } from '../runtime/bundle.ts';
import { derivedFor } from '../variables/derived.ts';
import { createVariableModel, type VariableModel } from '../variables/model.ts';
import { cleanMarkup, toText } from './markup.ts';
import { type Scope, slotScope, valueScope } from './scope.ts';
import { type Translations, translations } from './translations.ts';

/** What the runtime takes, plus the brand (the runtime's is baked into its bundle). */
export interface RenderOptions extends RenderInput {
  /** Branding: the project config's `brand` (the runtime's is baked into its bundle). */
  brand: Brand;
}

/** The same result as the runtime's `bundle.render()`, byte for byte. */
export type { RenderedEmail };

const models = new Map<TemplateId, VariableModel>();

/** The variable model of a catalog template (declared + derived fields). */
export function modelFor(id: TemplateId): VariableModel {
  let model = models.get(id);
  if (!model) {
    const fields = flatten(templates[id].variables);
    model = createVariableModel(id, fields, derivedFor(fields));
    models.set(id, model);
  }
  return model;
}

export function assertTemplateId(id: string): asserts id is TemplateId {
  if (!isTemplateId(id)) throw new UnknownTemplateError(id, templateIds);
}

/** The React element and subject of a template in a scope (either mode). */
export function emailElement(s: Scope): { subject: string; element: ReactElement } {
  const def = emails[s.template];
  const subject = def.subject(s);
  const { Body } = def;
  return {
    subject,
    element: (
      <Layout s={s} subject={subject} preheader={def.preheader(s)}>
        <Body s={s} />
      </Layout>
    ),
  };
}

/** Renders subject, HTML and text of a template through a scope (either mode). */
export async function renderScope(s: Scope): Promise<{ subject: string; html: string; text: string }> {
  const { subject, element } = emailElement(s);
  const html = cleanMarkup(await renderReact(element));
  return { subject, html, text: toText(html) };
}

/** Validates the input and returns the value scope a template renders with. */
export function scopeFor(templateId: string, options: RenderOptions): Scope {
  assertTemplateId(templateId);
  const tr = translations();
  const { locale, dir } = resolveLocale(requestedLocale(options.locale, options.variables), tr.locales);
  const model = modelFor(templateId);
  const values = model.values(options.variables, locale);
  const brand = options.brand;
  return valueScope({ template: templateId, locale, dir, brand, model, translations: tr }, values);
}

/** Renders one template in one locale with real values: `{ subject, html, text }`. */
export async function render(templateId: string, options: RenderOptions): Promise<RenderedEmail> {
  const s = scopeFor(templateId, options);
  return { ...(await renderScope(s)), locale: s.locale, dir: s.dir };
}

/** Renders one template in one locale with `{{slots}}` instead of values (what the build compiles). */
export async function renderSlots(
  templateId: TemplateId,
  locale: string,
  options: { brand: Brand; translations?: Translations | undefined },
) {
  const tr = options.translations ?? translations();
  const { dir } = resolveLocale({ locale }, tr.locales);
  const brand = options.brand;
  const s = slotScope({ template: templateId, locale, dir, brand, model: modelFor(templateId), translations: tr });
  return { ...(await renderScope(s)), locale, dir };
}
