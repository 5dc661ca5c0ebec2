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
