/**
 * A tiny declaration language for template variables. Declarations are plain
 * data: the build copies them into `dist/manifest.json`, the React-free
 * runtime validates against them, and the preview generates its editor from
 * them. TypeScript types for templates are derived from the same data.
 */

/** How a leaf value is checked, normalized and escaped. */
export type LeafKind =
  /** One-time code: 4–32 letters/digits (inner hyphens allowed). */
  | 'code'
  /** Absolute http(s) URL without credentials. */
  | 'url'
  /** Display text (names): control / bidi characters removed, whitespace collapsed, length bounded. */
  | 'text'
  /** An e-mail address shown to the reader. */
  | 'email'
  /** Opaque identifier; validated, never shown. */
  | 'id'
  /** Whole minutes, 1–1440. */
  | 'minutes'
  /** A BCP 47 tag (`locale`) or a space-separated list of them (`uiLocales`); used to choose the language. */
  | 'locale'
  /** A moment: a Date, an ISO 8601 string or epoch milliseconds; formatted at send time (`s.date`). */
  | 'datetime'
  /** A finite number (or a numeric string); formatted at send time (`s.number`), and plurals choose by it. */
  | 'number'
  /** true or false; false is absent (sections only, never printed). */
  | 'boolean';

export interface LeafSpec<K extends LeafKind = LeafKind, R extends boolean = boolean> {
  readonly kind: K;
  readonly required: R;
  readonly description: string;
  /** Used when the value is absent (only `minutes` has one). */
  readonly default?: number;
  /** Longest text kept (`text` only; default 100). */
  readonly max?: number;
}

export interface ObjectSpec<F extends Fields = Fields, R extends boolean = boolean> {
  readonly kind: 'object';
  readonly required: R;
  readonly description: string;
  readonly fields: F;
}

/** A list of items, each an object of `fields` (`items.map(…)` in a template; `{{#items}}` in a bundle). */
export interface ListSpec<F extends Fields = Fields, R extends boolean = boolean> {
  readonly kind: 'list';
  readonly required: R;
  readonly description: string;
  readonly fields: F;
}

export type Spec = LeafSpec | ObjectSpec | ListSpec;
export type Fields = { readonly [name: string]: Spec };

const leaf =
  <K extends LeafKind>(kind: K) =>
  (description: string, extra: { default?: number; max?: number } = {}): LeafSpec<K, true> => ({
    kind,
    required: true,
    description,
    ...extra,
  });

export const code = leaf('code');
export const url = leaf('url');
export const text = leaf('text');
export const email = leaf('email');
export const id = leaf('id');
export const minutes = leaf('minutes');
export const locale = leaf('locale');
export const datetime = leaf('datetime');
export const number = leaf('number');
export const boolean = leaf('boolean');

export const object = <F extends Fields>(description: string, fields: F): ObjectSpec<F, true> => ({
  kind: 'object',
  required: true,
  description,
  fields,
});

export const list = <F extends Fields>(description: string, fields: F): ListSpec<F, true> => ({
  kind: 'list',
  required: true,
  description,
  fields,
});

export function optional<K extends LeafKind>(spec: LeafSpec<K, true>): LeafSpec<K, false>;
export function optional<F extends Fields>(spec: ObjectSpec<F, true>): ObjectSpec<F, false>;
export function optional<F extends Fields>(spec: ListSpec<F, true>): ListSpec<F, false>;
export function optional(spec: Spec): Spec {
  return { ...spec, required: false };
}

/* ---------- types derived from declarations ---------- */

type ValueOf<S> =
  S extends ObjectSpec<infer F>
    ? VarsOf<F>
    : S extends ListSpec<infer F>
      ? VarsOf<F>[]
      : S extends LeafSpec<'minutes' | 'number'>
        ? number | string
        : S extends LeafSpec<'boolean'>
          ? boolean
          : S extends LeafSpec<'datetime'>
            ? Date | string | number
            : string;

type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K]['required'] extends true ? K : never }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;

/** The variables object a caller passes for fields `F`. */
export type VarsOf<F extends Fields> = { [K in RequiredKeys<F>]: ValueOf<F[K]> } & {
  [K in OptionalKeys<F>]?: ValueOf<F[K]>;
};

/** Every dotted path in `F` (objects, lists and leaves), e.g. `organization` | `organization.name`. */
export type PathsOf<F extends Fields, P extends string = ''> = {
  [K in keyof F & string]: F[K] extends ObjectSpec<infer G> | ListSpec<infer G>
    ? `${P}${K}` | PathsOf<G, `${P}${K}.`>
    : `${P}${K}`;
}[keyof F & string];

/** A declaration flattened to one entry per path, parents before children. */
export interface FlatField {
  readonly path: string;
  readonly kind: LeafKind | 'object' | 'list';
  /** Required when its parent is present. */
  readonly required: boolean;
  /** Index of the parent object or list in the flat list, or -1 at the top. */
  readonly parent: number;
  readonly default?: number;
  /** Longest text kept (`text`). */
  readonly max?: number;
  readonly description: string;
}

export function flatten(fields: Fields): FlatField[] {
  const out: FlatField[] = [];
  const walk = (fs: Fields, prefix: string, parent: number) => {
    for (const [name, spec] of Object.entries(fs)) {
      const path = prefix + name;
      const index = out.length;
      out.push({
        path,
        kind: spec.kind,
        required: spec.required,
        parent,
        description: spec.description,
        ...(spec.kind !== 'object' && spec.kind !== 'list' && spec.default !== undefined
          ? { default: spec.default }
          : {}),
        ...(spec.kind !== 'object' && spec.kind !== 'list' && spec.max !== undefined ? { max: spec.max } : {}),
      });
      if (spec.kind === 'object' || spec.kind === 'list') walk(spec.fields, `${path}.`, index);
    }
  };
  walk(fields, '', -1);
  return out;
}
