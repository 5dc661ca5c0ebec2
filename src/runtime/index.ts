/**
 * `authmail/runtime`: fills compiled bundles at send time. No React, no
 * i18next — only the bundle, the variable rules and the escapers.
 */
export {
  AuthmailError,
  BundleError,
  UnknownLocaleError,
  UnknownTemplateError,
  VariableError,
} from '../core/errors.ts';
export { directionOf, matchLocale, resolveLocale } from '../locale/index.ts';
export type { Bundle, EmailSource, Manifest, RenderedEmail, RenderInput } from './bundle.ts';
export { createBundle, loadBundle } from './bundle.ts';
export { escapeHtml } from './escape.ts';
