/** Every rule of `authmail check`, by family. */
import type { EmailRule } from '../types.ts';
import { accessibility, accessibilityBestPractice, type BrowserRule } from './accessibility.ts';
import { clientSupport } from './client-support.ts';
import { codeRules } from './code.ts';
import { leftoverRules } from './leftovers.ts';
import { linkRules } from './links.ts';
import { type LocaleRule, localeRules } from './locales.ts';
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
];

export const browserRules: BrowserRule[] = [accessibility, accessibilityBestPractice];

export type AnyRule = EmailRule | LocaleRule | BrowserRule;

export const allRules: AnyRule[] = [...emailRules, ...localeRules, ...browserRules];
