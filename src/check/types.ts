/**
 * The vocabulary of `authmail check`: an email as sent, the rules that look
 * at it, and the findings they report.
 */
import type { Direction } from '../locale/index.ts';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_ORDER: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** One compiled email filled with the catalog's sample values: exactly what is sent. */
export interface CheckEmail {
  readonly template: string;
  readonly locale: string;
  readonly dir: Direction;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** The one-time code of the sample values, for templates that send one. */
  readonly code?: string | undefined;
  /** Drawn in the toolkit's frame (`defineEmail` with its `Layout`): the toolkit's exceptions apply. */
  readonly toolkitFrame?: boolean | undefined;
  /** The bundle's parts with their `{{slots}}`, before the values: where each value goes, and how. */
  readonly source?: { readonly subject: string; readonly html: string; readonly text: string } | undefined;
  /** The paths of the template's text values (names people typed). */
  readonly textPaths?: readonly string[] | undefined;
  /** Filled with the stress values (src/variables/stress.ts) instead of the sample (visual tests). */
  readonly stress?: boolean | undefined;
}

/** Where a finding is: the part of the email, and a position a designer can find. */
export interface Location {
  part: 'subject' | 'html' | 'text' | 'locales' | 'rendered';
  line?: number;
  column?: number;
  /** A short description of the element, e.g. `<td class="am-code">`. */
  element?: string;
  /** The offending source, shortened. */
  snippet?: string;
  /** A file (locale checks). */
  file?: string;
  /** The colour scheme the page was rendered in (accessibility checks). */
  scheme?: 'light' | 'dark';
}

export interface Finding {
  template: string;
  locale: string;
  rule: string;
  severity: Severity;
  message: string;
  location?: Location | undefined;
  /** Sub-rule: the caniemail feature slug, or the axe rule id. */
  feature?: string | undefined;
  /** Email clients concerned (client-support). */
  clients?: string[] | undefined;
  /** Set when a documented exception accepts this finding; it then counts as `info`. */
  exception?: string | undefined;
}

/** What a rule returns; the runner adds template, locale and rule id. */
export type RuleFinding = Omit<Finding, 'template' | 'locale' | 'rule' | 'severity'> & {
  /** Defaults to the rule's severity; a rule may report less (never more). */
  severity?: Severity;
};

export type RuleFamily =
  | 'client-support'
  | 'size'
  | 'structure'
  | 'code'
  | 'links'
  | 'spam'
  | 'leftovers'
  | 'locales'
  | 'accessibility'
  | 'typography'
  | 'languages';

interface RuleBase {
  id: string;
  family: RuleFamily;
  /** The highest severity the rule reports. */
  severity: Severity;
  /** One line for docs/checks.md and `--help`. */
  description: string;
}

/** A rule that reads one email's source (no browser). */
/** A rule about the project's files rather than an email (a template that does not build). */
export interface ProjectRule extends RuleBase {
  kind: 'project';
}

export interface EmailRule extends RuleBase {
  kind: 'email';
  check(email: import('./parse.ts').ParsedEmail): RuleFinding[];
}

export type { ParsedEmail } from './parse.ts';
export type { RuleBase };
