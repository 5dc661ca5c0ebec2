/**
 * `authmail/email`: what a template file imports. `defineEmail`, the
 * variable declarations (and Logto's shapes), and the components of the
 * default frame (layout, code box, button, typography, the name helpers).
 */
export * from '../catalog/fields.ts';
export * from './components/index.ts';
export { type DefinedEmail, defineEmail, type EmailDefinition, type LayoutComponent, type SlotPath } from './define.ts';
export type { LogtoTemplateType } from './logto.ts';
export * as logto from './logto.ts';
export { isEmailDefinition } from './marker.ts';
export type { Scope } from './scope.ts';
