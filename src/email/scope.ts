/**
 * The one object a template reads its data through (`s`): its values (or,
 * in the build, their `{{slots}}`), presence conditions, and translations.
 * The interface lives with the authoring API; `render/scope.ts` implements
 * its two modes (values, slots).
 */
import type { Brand } from '../brand/brand.ts';
import type { Direction } from '../locale/index.ts';

export type Thunk = () => string;

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
  /** `then()` when `path` is present, else `otherwise()`, as one string. */
  when(path: P, then: Thunk, otherwise?: Thunk): string;
  /** The first case whose path is present, else `otherwise()`. */
  pick(cases: readonly (readonly [P, Thunk])[], otherwise: Thunk): string;
  /** A message from the template's namespace, or `common:key`, with `{name}` values filled. */
  t(key: string, values?: Readonly<Record<string, string>>): string;
}
