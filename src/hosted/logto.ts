/**
 * Logto's email templates: plain `{{a.b}}` substitution (connector-kit's
 * `replaceSendMessageHandlebars`), no sections, no escaping, and a placeholder
 * whose root object is missing stays in the email as is. So the export
 * decides every section itself and uses a value only where nothing can go
 * wrong with it:
 *
 * - a value is *available* when Logto always sends it for the template type
 *   (`LOGTO_GUARANTEED`), or when the team says its setup always does
 *   (`export.trustLogtoValues`);
 * - in the HTML, a value goes in raw only when it cannot carry markup (the
 *   code, the link the caller builds) or the team trusts it;
 * - a section is emitted with its content when everything in it can be
 *   emitted, else with its `{{^…}}` variant (the wording without the value:
 *   "Hi," instead of "Hi {{user.name}},", the product name instead of the
 *   application's); a value that fits neither is an error naming it.
 */
import { BundleError } from '../core/errors.ts';
import { escapeHtml } from '../runtime/escape.ts';
import { formatMinutes } from '../variables/derived.ts';
import { DEFAULT_CODE_LIFETIME } from './expiry.ts';
import { elsePartner, type SlotNode } from './tree.ts';
import type { Dialect, Part } from './types.ts';

/**
 * What Logto's payload always carries, per template type. Not `application`:
 * core sends an empty context when the application lookup fails. Account
 * operations always carry the user; an invitation its organization.
 */
export const LOGTO_GUARANTEED: Readonly<Record<string, readonly string[]>> = {
  SignIn: ['code'],
  Register: ['code'],
  ForgotPassword: ['code'],
  MfaVerification: ['code'],
  Generic: ['code'],
  OrganizationInvitation: ['link', 'organization', 'organization.id', 'organization.name'],
  UserPermissionValidation: ['code', 'user', 'user.id'],
  BindNewIdentifier: ['code', 'user', 'user.id'],
  BindMfa: ['code', 'user', 'user.id'],
};

/** Values that cannot carry markup: a code of letters and digits, the http(s) link the caller builds. */
const MARKUP_FREE = new Set(['code', 'link']);

export interface LogtoPolicy {
  /** Paths Logto always sends for this type. */
  guaranteed: ReadonlySet<string>;
  /** Paths the team says its setup always sends, free of markup (`export.trustLogtoValues`). */
  trusted: ReadonlySet<string>;
  /** Values fixed at export time (already escaped for HTML by the caller when `part` is html). */
  constants: Readonly<Record<string, { html: string; text: string }>>;
}

/** Sent: guaranteed or trusted, or the parent object of a trusted value. */
const isSent = (policy: LogtoPolicy, path: string) =>
  policy.guaranteed.has(path) || policy.trusted.has(path) || [...policy.trusted].some((t) => t.startsWith(`${path}.`));

/** Why a value cannot be used in `part`, or undefined when it can. */
function refusal(policy: LogtoPolicy, path: string, part: Part): string | undefined {
  if (path in policy.constants) return undefined;
  if (!isSent(policy, path)) return 'Logto does not always send it';
  if (part === 'html' && !MARKUP_FREE.has(path) && !policy.trusted.has(path)) {
    return 'Logto would insert it into the HTML without escaping';
  }
  return undefined;
}

/**
 * The nodes that are emitted, sections decided: a present section when its path is sent and all it
 * holds can be emitted, else its absent partner (`{{#p}}…{{/p}}{{^p}}…{{/p}}`); a lone absent section
 * when the path is not sent.
 */
function decide(nodes: readonly SlotNode[], part: Part, policy: LogtoPolicy): SlotNode[] {
  const out: SlotNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as SlotNode;
    if (node.type !== 'section') {
      out.push(node);
      continue;
    }
    const partner = elsePartner(nodes, i);
    if (node.inverted) {
      if (!isSent(policy, node.path)) out.push(...decide(node.children, part, policy));
      continue;
    }
    const content = decide(node.children, part, policy);
    if (isSent(policy, node.path) && blocker(content, part, policy) === undefined) out.push(...content);
    else if (partner) out.push(...decide(partner.children, part, policy));
    if (partner) i++;
  }
  return out;
}

/** The first value of decided nodes that cannot be emitted, and why. */
function blocker(nodes: readonly SlotNode[], part: Part, policy: LogtoPolicy): string | undefined {
  for (const node of nodes) {
    if (node.type !== 'value') continue;
    const why = refusal(policy, node.path, part);
    if (why) return `"${node.path}": ${why}`;
  }
  return undefined;
}

export interface LogtoEmitted {
  text: string;
  /** The `{{path}}` placeholders left for Logto to fill. */
  values: Set<string>;
}

export function emitLogto(nodes: readonly SlotNode[], part: Part, policy: LogtoPolicy, where: string): LogtoEmitted {
  const values = new Set<string>();
  let text = '';
  for (const node of decide(nodes, part, policy)) {
    if (node.type === 'text') text += node.text;
    else if (node.type === 'value') {
      if (node.path in policy.constants) {
        const constant = policy.constants[node.path] as { html: string; text: string };
        text += part === 'html' ? constant.html : constant.text;
        continue;
      }
      const why = refusal(policy, node.path, part);
      if (why) {
        throw new BundleError(
          `${where}: "${node.path}" cannot be exported to Logto: ${why}. Give the template a wording without it (s.when / s.pick), or, if your Logto always sends it free of <, & and ", list it in export.trustLogtoValues`,
        );
      }
      values.add(node.path);
      text += `{{${node.path}}}`;
    }
  }
  return { text, values };
}

/**
 * Logto's connector templates: `{{path}}` substitution without escaping and no sections, so each
 * optional phrase is decided here from what the template's type always carries.
 */
export const logto: Dialect = {
  name: 'logto',
  export({ name, locale, logtoType, trees, options }) {
    const notes = new Set<string>();
    const guaranteed = new Set(LOGTO_GUARANTEED[logtoType] ?? []);
    // `path` for every type, `Type:path` for one.
    const trusted = new Set(
      (options.trustLogtoValues ?? []).flatMap((entry) => {
        const [type, path] = entry.includes(':') ? entry.split(':') : [logtoType, entry];
        return type === logtoType && path ? [path] : [];
      }),
    );
    // Logto does not pass the code lifetime: its own setting (600 s unless changed) or export.codeLifetime.
    const expiresIn = formatMinutes(locale, String(options.codeLifetime ?? DEFAULT_CODE_LIFETIME));
    const policy = {
      guaranteed,
      trusted,
      constants: { expiresIn: { html: escapeHtml(expiresIn), text: expiresIn } },
    };
    const emitted = {
      subject: emitLogto(trees.subject, 'subject', policy, `${name} subject`),
      html: emitLogto(trees.html, 'html', policy, `${name} HTML`),
      text: emitLogto(trees.text, 'text', policy, `${name} text`),
    };
    const values = [...new Set(Object.values(emitted).flatMap((e) => [...e.values]))].sort();
    notes.add(`Logto fills in: ${values.map((v) => `{{${v}}}`).join(', ') || 'nothing'}.`);
    notes.add(
      `Logto has no sections: each optional phrase reads as it does without its value, except for what ${logtoType} always carries (${[...guaranteed].join(', ')})${trusted.size ? ` and what export.trustLogtoValues lists (${[...trusted].join(', ')})` : ''}.`,
    );
    if (emitted.html.values.has('link')) {
      notes.add(
        'Logto inserts {{link}} into the HTML as your backend sends it: a plain http(s) URL, no quotes; an & stays as typed (build links whose parameters do not read as HTML entities, such as &not or &copy).',
      );
    }
    for (const path of [...emitted.html.values].filter((v) => trusted.has(v))) {
      notes.add(
        `Logto inserts "${path}" into the HTML without escaping: it is listed in export.trustLogtoValues, so it must never contain <, & or ".`,
      );
    }
    notes.add(
      `Logto does not pass the code lifetime: the expiry reads "${expiresIn}" (export.codeLifetime, default Logto's 10 minutes).`,
    );
    return {
      subject: emitted.subject.text,
      html: emitted.html.text,
      text: emitted.text.text,
      values,
      notes: [...notes],
    };
  },
};
