/**
 * A template's variable model: declared fields + derived fields, one index
 * per path, and `values(input, locale)` = validate, normalize, derive. The
 * development renderer builds it from the catalog, the runtime from the
 * manifest; both get the same `Values` for the same input.
 */
import type { FlatField } from '../catalog/fields.ts';
import { type DerivedField, derivedCompute } from './derived.ts';
import { type Level, levelsOf } from './levels.ts';
import { compileValidator, type Values } from './validate.ts';

export interface VariableModel {
  readonly template: string;
  readonly fields: readonly FlatField[];
  readonly derived: readonly DerivedField[];
  /** Path → index into the top level's `Values` (declared fields first, then derived). */
  readonly index: ReadonlyMap<string, number>;
  /** The top level: its fields, and the levels of its lists' items. */
  readonly level: Level;
  values(input: unknown, locale: string): Values;
}

export function createVariableModel(
  template: string,
  fields: readonly FlatField[],
  derived: readonly DerivedField[],
): VariableModel {
  const level = levelsOf(fields);
  const validate = compileValidator(template, level);
  const index = new Map(level.index);
  const steps = derived.map((d, k) => {
    const from = index.get(d.from);
    if (from === undefined)
      throw new Error(`Derived "${d.path}" needs "${d.from}", which "${template}" does not declare`);
    index.set(d.path, level.fields.length + k);
    return { from, compute: derivedCompute(d.path) };
  });
  return {
    template,
    fields,
    derived,
    index,
    level,
    values(input, locale) {
      const values = validate(input);
      for (const step of steps) {
        const source = values[step.from];
        values.push(typeof source === 'string' ? step.compute(source, locale) : undefined);
      }
      return values;
    },
  };
}
