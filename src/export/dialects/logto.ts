/**
 * Logto's email templates: plain `{{a.b}}` substitution, no sections, no
 * escaping, and a placeholder whose root key is missing stays in the email
 * as is. The safe variant: every section is decided at export time from
 * what Logto always sends for the template type (present → its content,
 * otherwise → the fallback), the code expiry is fixed at Logto's default,
 * and only values that cannot carry markup or are set by the tenant's
 * admins are substituted.
 */
import { BundleError } from '../../errors.ts';
import type { SlotNode } from '../tree.ts';
import type { Part } from './types.ts';

/** What Logto's payload always carries, per template type (Logto's email template docs). */
export const LOGTO_PAYLOAD: Record<string, readonly string[]> = {
  SignIn: ['code', 'application', 'application.id', 'application.name'],
  Register: ['code', 'application', 'application.id', 'application.name'],
  ForgotPassword: ['code', 'application', 'application.id', 'application.name'],
  MfaVerification: ['code', 'application', 'application.id', 'application.name'],
  Generic: ['code'],
  OrganizationInvitation: ['link', 'organization', 'organization.id', 'organization.name'],
  UserPermissionValidation: ['code', 'user', 'user.id'],
  BindNewIdentifier: ['code', 'user', 'user.id'],
  BindMfa: ['code', 'user', 'user.id'],
};

/** Values Logto may insert unescaped: a code, a link the caller builds, names only admins set. */
export const LOGTO_UNESCAPED_OK = new Set(['code', 'link', 'application.name', 'organization.name']);

export interface LogtoPolicy {
  /** Paths Logto always sends for this type. */
  present: ReadonlySet<string>;
  /** Values fixed at export time (already escaped for HTML by the caller when `part` is html). */
  constants: Readonly<Record<string, { html: string; text: string }>>;
}

export function emitLogto(nodes: readonly SlotNode[], part: Part, policy: LogtoPolicy, notes: Set<string>): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'section') {
      if (policy.present.has(node.path) !== node.inverted) out += emitLogto(node.children, part, policy, notes);
    } else if (node.path in policy.constants) {
      const constant = policy.constants[node.path] as { html: string; text: string };
      out += part === 'html' ? constant.html : constant.text;
    } else if (policy.present.has(node.path) && (part !== 'html' || LOGTO_UNESCAPED_OK.has(node.path))) {
      if (part === 'html' && node.path !== 'code' && node.path !== 'link') {
        notes.add(`Logto inserts "${node.path}" into the HTML without escaping; keep it free of <, > and &.`);
      }
      out += `{{${node.path}}}`;
    } else {
      throw new BundleError(
        `"${node.path}" cannot be exported to Logto: Logto ${policy.present.has(node.path) ? 'does not escape it' : 'does not always send it'}`,
      );
    }
  }
  return out;
}
