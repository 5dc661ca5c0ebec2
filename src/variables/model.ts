/**
 * A template's variable model: declared fields + derived fields, one index
 * per path, and `values(input, locale)` = validate, normalize, derive. The
 * development renderer builds it from the catalog, the runtime from the
 * manifest; both get the same `Values` for the same input.
 */
import type { FlatField } from '../catalog/fields.ts';
import { type DerivedField, derivedCompute } from './derived.ts';
import { compileValidator, type Values } from './validate.ts';

export interface VariableModel {
  readonly template: string;
  readonly fields: readonly FlatField[];
  readonly derived: readonly DerivedField[];
  /** Path → index into `Values` (declared fields first, then derived). */
  readonly index: ReadonlyMap<string, number>;
  values(input: unknown, locale: string): Values;
}

export function createVariableModel(
  template: string,
  fields: readonly FlatField[],
  derived: readonly DerivedField[],
): VariableModel {
  const validate = compileValidator(template, fields);
  const index = new Map<string, number>();
  for (const [i, f] of fields.entries()) index.set(f.path, i);
  const steps = derived.map((d, k) => {
    const from = index.get(d.from);
    if (from === undefined)
      throw new Error(`Derived "${d.path}" needs "${d.from}", which "${template}" does not declare`);
    index.set(d.path, fields.length + k);
    return { from, compute: derivedCompute(d.path) };
  });
  return {
    template,
    fields,
    derived,
    index,
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
