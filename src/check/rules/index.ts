/** Every rule of `authmail check`, by family. */
import type { EmailRule, ProjectRule } from '../types.ts';
import { accessibility, accessibilityBestPractice, type BrowserRule } from './accessibility.ts';
import { bidiIsolation } from './bidi.ts';
import { clientSupport } from './client-support.ts';
import { codeRules } from './code.ts';
import { leftoverRules } from './leftovers.ts';
import { lineBreakRules } from './line-breaks.ts';
import { linkRules } from './links.ts';
import { type LocaleRule, localeRules } from './locales.ts';
import { logoForcedDark } from './logo.ts';
import { sizeRules } from './size.ts';
import { spamRules } from './spam.ts';
import { structureRules } from './structure.ts';

export const emailRules: EmailRule[] = [
  clientSupport,
  ...sizeRules,
  ...structureRules,
  ...codeRules,
  ...linkRules,
  ...spamRules,
  ...leftoverRules,
  bidiIsolation,
];

/** Found by the build, not by reading an email: its findings name the file (and line) at fault. */
export const templateRule: ProjectRule = {
  id: 'template',
  family: 'structure',
  kind: 'project',
  severity: 'error',
  description:
    'A template file that does not load, compile or build (file, line, cause); the other templates are checked',
};

export const browserRules: BrowserRule[] = [accessibility, accessibilityBestPractice, ...lineBreakRules];

export type AnyRule = EmailRule | LocaleRule | BrowserRule | ProjectRule;

export const allRules: AnyRule[] = [templateRule, ...emailRules, logoForcedDark, ...localeRules, ...browserRules];
