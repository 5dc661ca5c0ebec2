/**
 * The one object a template reads its data through (`s`): its values (or,
 * in the build, their `{{slots}}`), presence conditions, and translations.
 * The interface lives with the authoring API; `render/scope.ts` implements
 * its two modes (values, slots).
 */
import type { ReactNode } from 'react';
import type { Brand } from '../brand/brand.ts';
import type { Direction } from '../locale/index.ts';

export type Thunk = () => string;

/** Intl options of a date or number format (plus `locale` to fix one; default: the email's). */
export type FormatOptions = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Scope<P extends string = string> {
  readonly mode: 'values' | 'slots';
  readonly template: string;
  readonly locale: string;
  readonly dir: Direction;
  readonly brand: Brand;
  /** Whether the template declares `path` (shared components adapt to the template). */
  declares(path: string): boolean;
  /** A leaf's value (React escapes it) or its `{{slot}}`; '' when absent. */
  v(path: P): string;
  /**
   * A code's value in groups for reading ("482 915": spans with a gap, no space character, so a copy
   * yields the code alone); the plain code in the text part.
   */
  groups(path: P): ReactNode;
  /** `children` when `path` is present: a block of markup (`when` is for text). */
  block(path: P, children: ReactNode): ReactNode;
  /** `then()` when `path` is present, else `otherwise()`, as one string. */
  when(path: P, then: Thunk, otherwise?: Thunk): string;
  /** The first case whose path is present, else `otherwise()`. */
  pick(cases: readonly (readonly [P, Thunk])[], otherwise: Thunk): string;
  /** A message from the template's namespace, or `common:key`, with `{name}` values filled. */
  t(key: string, values?: Readonly<Record<string, string>>): string;
  /**
   * A datetime value formatted at send time with Intl.DateTimeFormat in the email's locale and the
   * send's time zone (`{ dateStyle: 'long' }`; `locale` / `timeZone` fix them).
   */
  date(path: P, options?: FormatOptions): string;
  /** A number value formatted at send time with Intl.NumberFormat in the email's locale. */
  number(path: P, options?: FormatOptions): string;
  /**
   * The plural message for the number at `path`: i18next's plural keys (`key_one`, `key_other`, … by
   * Intl.PluralRules of the email's locale; `_other` when a form has no key of its own), with `{count}`
   * the formatted number.
   */
  plural(key: string, path: P, values?: Readonly<Record<string, string>>): string;
  /** Each item of the list at `path`, rendered with a scope that reads the item's fields (`items.name`). */
  each(path: P, render: (item: Scope<P>, index: number) => ReactNode): ReactNode;
}
