/**
 * A flat declaration split into levels: the top level, and one level per
 * list for its items. Within a level, fields keep their full paths
 * (`items.name`) and their parents are indices of that level; a list's
 * descendants belong to its level, not to the one holding the list. The
 * runtime fills each item of a list from the list's level.
 */
import type { FlatField } from '../catalog/fields.ts';

export interface Level {
  /** The list's path, '' at the top. */
  readonly path: string;
  readonly fields: readonly FlatField[];
  /** Path → index in `fields`. */
  readonly index: ReadonlyMap<string, number>;
  /** Index of a list field → the level of its items. */
  readonly lists: ReadonlyMap<number, Level>;
}

export function levelsOf(fields: readonly FlatField[], path = '', owner = -1): Level {
  // The fields of this level: the owner's descendants that no nearer list owns.
  const mine: number[] = [];
  const listOf = (i: number): number => {
    for (let p = (fields[i] as FlatField).parent; p !== -1; p = (fields[p] as FlatField).parent) {
      if ((fields[p] as FlatField).kind === 'list') return p;
    }
    return -1;
  };
  fields.forEach((_, i) => {
    if (listOf(i) === owner) mine.push(i);
  });
  const local = new Map(mine.map((global, k) => [global, k]));
  const levelFields = mine.map((global) => {
    const f = fields[global] as FlatField;
    return { ...f, parent: f.parent === owner ? -1 : (local.get(f.parent) ?? -1) };
  });
  const lists = new Map<number, Level>();
  mine.forEach((global, k) => {
    const f = fields[global] as FlatField;
    if (f.kind === 'list') lists.set(k, levelsOf(fields, f.path, global));
  });
  return { path, fields: levelFields, index: new Map(levelFields.map((f, k) => [f.path, k])), lists };
}
