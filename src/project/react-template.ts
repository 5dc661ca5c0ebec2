/**
 * A React Email template as authmail reads it: the component (the module's
 * default export), its `PreviewProps` (the sample values), and what the
 * module may add — `subject` (a string or a function of the props; else the
 * `<Preview>` text), `variables` (declarations that replace the inferred
 * ones), `when`, `logtoType`. Every prop of `PreviewProps` becomes a
 * variable whose kind is read from its value (fields.ts kinds); the compiler
 * (render/react-email) decides which are required.
 */
import type { Fields, LeafKind, Spec } from '../catalog/fields.ts';

export interface ReactEmailDefinition {
  readonly component: (props: Record<string, unknown>) => unknown;
  readonly when: string;
  readonly logtoType?: string | undefined;
  /** `PreviewProps`: the values the preview, the checks and the equality test fill the email with. */
  readonly sample: Readonly<Record<string, unknown>>;
  /** Declared (`export const variables`) or inferred from `PreviewProps`; all optional until compiled. */
  readonly variables: Fields;
  /** `export const subject`: a string, or a function of the props; else the <Preview> text. */
  readonly subject?: string | ((props: Record<string, unknown>) => string) | undefined;
}

const URL = /^https?:\/\/\S+$/i;
const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** The kind a sample value stands for, or a reason it cannot be a variable. */
function specOf(name: string, value: unknown): Spec | string {
  const leaf = (kind: LeafKind, extra: { max?: number } = {}): Spec => ({
    kind,
    required: false,
    description: `${name} (from PreviewProps)`,
    ...extra,
  });
  if (value instanceof Date) return leaf('datetime');
  if (typeof value === 'boolean') return leaf('boolean');
  if (typeof value === 'number') return Number.isFinite(value) ? leaf('number') : `${name} is not a finite number`;
  if (typeof value === 'string') {
    if (URL.test(value)) return leaf('url');
    if (EMAIL.test(value)) return leaf('email');
    if (ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value))) return leaf('datetime');
    return leaf('text', { max: Math.min(2_000, Math.max(100, value.length * 2)) });
  }
  if (Array.isArray(value)) {
    const items = value.filter(isPlainObject);
    if (!value.length) return `${name} is an empty list in PreviewProps: give one item, so its fields are known`;
    if (items.length !== value.length) {
      return `${name} is a list of ${typeof value[0]}s: authmail compiles lists of objects (${name}: [{ … }]); declare it in \`export const variables\` or pass objects`;
    }
    const merged = Object.assign({}, ...items) as Record<string, unknown>;
    const fields = fieldsOf(merged, `${name}.`);
    return typeof fields === 'string'
      ? fields
      : { kind: 'list', required: false, description: `${name} (from PreviewProps)`, fields };
  }
  if (isPlainObject(value)) {
    const fields = fieldsOf(value, `${name}.`);
    return typeof fields === 'string'
      ? fields
      : { kind: 'object', required: false, description: `${name} (from PreviewProps)`, fields };
  }
  return `${name} is ${value === null ? 'null' : typeof value} in PreviewProps: give it a sample value`;
}

function fieldsOf(sample: Record<string, unknown>, prefix = ''): Fields | string {
  const fields: Record<string, Spec> = {};
  for (const [key, value] of Object.entries(sample)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      return `${prefix}${key} is not a name authmail can slot (letters, digits, _)`;
    const spec = specOf(`${prefix}${key}`, value);
    if (typeof spec === 'string') return spec;
    fields[key] = spec;
  }
  return fields;
}

/** A module whose default export is a component, as a template; or why it cannot be one. */
export function reactDefinition(
  module: Record<string, unknown>,
  component: (props: Record<string, unknown>) => unknown,
  file: string,
): { definition: ReactEmailDefinition } | { problem: string } {
  const preview = (component as { PreviewProps?: unknown }).PreviewProps ?? module.PreviewProps;
  const sample = isPlainObject(preview) ? preview : {};
  if (preview !== undefined && !isPlainObject(preview))
    return { problem: 'PreviewProps must be an object of sample props' };
  const declared = module.variables;
  const variables = declared !== undefined ? (declared as Fields) : fieldsOf(sample);
  if (typeof variables === 'string') return { problem: `cannot infer its variables: ${variables}` };
  const subject = module.subject;
  if (subject !== undefined && typeof subject !== 'string' && typeof subject !== 'function') {
    return { problem: '`export const subject` must be a string or a function of the props' };
  }
  const logtoType = typeof module.logtoType === 'string' ? module.logtoType : undefined;
  const name = (component as { displayName?: string; name?: string }).displayName || component.name || file;
  return {
    definition: {
      component,
      when: typeof module.when === 'string' ? module.when : `${name}, a React Email template (${file})`,
      logtoType,
      sample,
      variables,
      subject: subject as ReactEmailDefinition['subject'],
    },
  };
}
