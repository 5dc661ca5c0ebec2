/**
 * Typed errors. Every error carries a stable `code` so callers (CLI, HTTP
 * endpoint, transports) can map it without parsing messages, and a message
 * that names the template / variable / locale at fault.
 */
import type { SendErrorCode } from './send/errors.ts';

export type AuthmailErrorCode =
  | 'UNKNOWN_TEMPLATE'
  | 'UNKNOWN_LOCALE'
  | 'MISSING_VARIABLE'
  | 'INVALID_VARIABLE'
  | 'MISSING_TRANSLATION'
  | 'INVALID_LOCALE_FILE'
  | 'INVALID_TEMPLATE'
  | 'INVALID_BUNDLE'
  | 'INVALID_CONFIG'
  | 'INVALID_INPUT'
  // sending (src/send/errors.ts)
  | 'INVALID_ADDRESS'
  | 'INVALID_HEADER'
  | SendErrorCode;

export class AuthmailError extends Error {
  readonly code: AuthmailErrorCode;
  constructor(code: AuthmailErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A command-line or API call that is malformed (a missing argument, an unknown option value). */
export class UsageError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

export class UnknownTemplateError extends AuthmailError {
  readonly template: string;
  constructor(template: string, known: readonly string[]) {
    super('UNKNOWN_TEMPLATE', `Unknown template "${template}". Known templates: ${known.join(', ')}.`);
    this.template = template;
  }
}

export class UnknownLocaleError extends AuthmailError {
  readonly locale: string;
  constructor(locale: string, reason: string) {
    super('UNKNOWN_LOCALE', `Unknown locale "${locale}": ${reason}`);
    this.locale = locale;
  }
}

export type VariableProblem = 'missing' | 'malformed';

export class VariableError extends AuthmailError {
  readonly template: string;
  readonly variable: string;
  readonly reason: string;
  readonly problem: VariableProblem;
  constructor(template: string, variable: string, problem: VariableProblem, reason: string) {
    super(
      problem === 'missing' ? 'MISSING_VARIABLE' : 'INVALID_VARIABLE',
      `Template "${template}": variable "${variable}" ${reason}.`,
    );
    this.template = template;
    this.variable = variable;
    this.problem = problem;
    this.reason = reason;
  }
}

export class MissingTranslationError extends AuthmailError {
  readonly locale: string;
  readonly key: string;
  constructor(locale: string, key: string, detail = 'is missing') {
    super('MISSING_TRANSLATION', `Locale "${locale}": translation "${key}" ${detail}.`);
    this.locale = locale;
    this.key = key;
  }
}

/** A template file that cannot be used: not a `defineEmail` export, a bad file name, a Logto type claimed twice. */
export class TemplateError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_TEMPLATE', message);
  }
}

/** A locale file that is not valid JSON: named with its line and column, as an editor shows them. */
export class LocaleFileError extends AuthmailError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(file: string, reason: string, line?: number, column?: number) {
    super('INVALID_LOCALE_FILE', `${file}${line === undefined ? '' : `:${line}:${column ?? 1}`}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

export class BundleError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_BUNDLE', message);
  }
}
