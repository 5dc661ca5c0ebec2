/**
 * The one derived value of authmail's templates, `expiresIn` ("10 minutes",
 * "10 минут", "١٠ دقائق"): the code lifetime in the email's language with the
 * right plural. A backend that is not JavaScript has the number, not the
 * phrase, so an exported template says it in one of three ways:
 *
 * - baked: the phrase for the project's code lifetime (`export.codeLifetime`, else the template's
 *   default), written into the template per locale — right whenever the backend's codes live that long;
 * - passed: the sender's own `expiresIn` phrase, when it gives one, wins (every provider);
 * - computed by the engine from `expiresInMinutes` where its helpers can: SendGrid's `equals` and
 *   `lessThan` pick the plural form in languages whose forms for 1–999 differ only at a few numbers
 *   and whose digits are Latin (English, German, Czech, French, Japanese, Chinese…). Russian, Ukrainian,
 *   Polish and Arabic choose by the last digits (no modulo helper), Arabic and Persian write other
 *   digits: there the sender passes `expiresIn`, or the baked phrase stands.
 */
import { escapeHtml } from '../runtime/escape.ts';
import { formatMinutes } from '../variables/derived.ts';

/** Minutes a code lives when nothing says otherwise: Logto's default (600 s), which Logto does not pass. */
export const DEFAULT_CODE_LIFETIME = 10;

/** The derived value and the variable it comes from. */
export const EXPIRES_IN = 'expiresIn';
export const EXPIRES_IN_MINUTES = 'expiresInMinutes';

export interface Baked {
  readonly minutes: number;
  readonly text: string;
  readonly html: string;
}

export function bakedExpiry(locale: string, minutes: number): Baked {
  const text = formatMinutes(locale, String(minutes));
  return { minutes, text, html: escapeHtml(text) };
}

/** Exceptions beyond which a language's plural forms are not worth spelling out number by number. */
const MAX_EXCEPTIONS = 12;
const NUMBER = '\u0000';

export interface PluralPlan {
  /** The form of most numbers, the number's place marked. */
  readonly otherwise: string;
  /** Numbers whose phrase differs, each with its own phrase. */
  readonly exceptions: ReadonlyMap<number, string>;
}

const plans = new Map<string, PluralPlan | undefined>();

/**
 * How an engine that can compare numbers but not compute with them says "n minutes" for n in 1–999 in
 * `locale`: one pattern for most numbers and the phrases of the few others; `undefined` when the
 * language needs more (plural by last digits, non-Latin digits).
 */
export function pluralPlan(locale: string): PluralPlan | undefined {
  if (plans.has(locale)) return plans.get(locale);
  const patterns = new Map<string, number[]>();
  let plan: PluralPlan | undefined;
  let latin = true;
  for (let n = 1; n <= 999; n++) {
    const phrase = formatMinutes(locale, String(n));
    const digits = String(n);
    const at = phrase.indexOf(digits);
    if (at === -1 || phrase.indexOf(digits, at + 1) !== -1) {
      latin = false;
      break;
    }
    const pattern = phrase.slice(0, at) + NUMBER + phrase.slice(at + digits.length);
    patterns.set(pattern, [...(patterns.get(pattern) ?? []), n]);
  }
  if (latin) {
    const [otherwise, most] = [...patterns].sort((a, b) => b[1].length - a[1].length)[0] as [string, number[]];
    const exceptions = new Map<number, string>();
    for (let n = 1; n <= 999; n++) {
      if (!most.includes(n)) exceptions.set(n, formatMinutes(locale, String(n)));
    }
    if (exceptions.size <= MAX_EXCEPTIONS) plan = { otherwise, exceptions };
  }
  plans.set(locale, plan);
  return plan;
}

/** Fills a plan's pattern with an engine's output for the number (`{{expiresInMinutes}}`). */
export const fillPattern = (pattern: string, number: string) => pattern.replace(NUMBER, number);
