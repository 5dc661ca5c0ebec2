import type { SlotNode } from '../tree.ts';

export type Part = 'subject' | 'html' | 'text';

/**
 * Template data keys. Providers escape differently (Handlebars also escapes
 * `=` and backticks, Mustachio encodes Latin-1, SES and Logto do not escape),
 * so exported HTML reads pre-escaped copies of each value from `html.*`
 * through raw interpolation, and every engine then produces the runtime's
 * exact bytes.
 */
export const HTML_NAMESPACE = 'html';

export interface Dialect {
  readonly name: string;
  /** Translates one part; `notes` collects what the target cannot express. */
  emit(nodes: readonly SlotNode[], part: Part, notes: Set<string>): string;
}
