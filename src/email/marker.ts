/**
 * How a module's default export is recognized as a `defineEmail(…)` result,
 * apart from `define.ts` so that finding the templates (src/project) loads no
 * component, no React.
 */
import type { DefinedEmail } from './define.ts';

export const DEFINITION = Symbol.for('authmail.email');

/** Whether a module's default export is a `defineEmail(…)` result. */
export const isEmailDefinition = (value: unknown): value is DefinedEmail =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINITION] === true;

/** Marks the toolkit's own frame (`Layout`); a symbol of the registry, so any copy of the toolkit agrees. */
export const TOOLKIT_FRAME = Symbol.for('authmail.frame');

/** Whether a definition is drawn in the toolkit's frame (its documented check exceptions apply). */
export const inToolkitFrame = (definition: DefinedEmail): boolean =>
  (definition.layout as unknown as Record<symbol, unknown>)[TOOLKIT_FRAME] === true;
