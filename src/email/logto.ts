/**
 * Logto's variables, as its email connectors send them (`payload` of
 * `sendMessage`), declared once for templates to reuse: the application, the
 * organization, the user, the inviter, the locale fields every template
 * accepts, and the code and expiry of the one-time-code types.
 */
import { code, datetime, email, id, locale, minutes, object, optional, text, url } from '../catalog/fields.ts';

/** Logto's email template types (`TemplateType` of its connector kit). */
export const LOGTO_TEMPLATE_TYPES = [
  'SignIn',
  'Register',
  'ForgotPassword',
  'MfaVerification',
  'BindMfa',
  'BindNewIdentifier',
  'UserPermissionValidation',
  'OrganizationInvitation',
  'Generic',
] as const;

export type LogtoTemplateType = (typeof LOGTO_TEMPLATE_TYPES)[number];

const branding = optional(
  object('Logo overrides from the sign-in experience', {
    logoUrl: optional(url('Logo shown instead of the brand logo')),
    darkLogoUrl: optional(url('Logo for dark mode')),
  }),
);

export const application = object('The application the user signs in to (Logto ApplicationInfo)', {
  id: id('Application id'),
  name: text('Application name'),
  displayName: optional(text('Name shown to users; preferred over name')),
  branding,
});

export const organization = object('The organization (Logto OrganizationInfo)', {
  id: id('Organization id'),
  name: text('Organization name'),
  branding,
});

const userFields = {
  id: id('User id'),
  name: optional(text('Full name')),
  username: optional(text('Username')),
  primaryEmail: optional(email('Primary e-mail address')),
} as const;

export const user = object('The signed-in user (Logto UserInfo)', userFields);
export const inviter = object('The member who sent the invitation (Logto UserInfo)', userFields);

/** Accepted by every template; they choose the language and are never shown. */
export const localeFields = {
  locale: optional(locale('Resolved locale from Logto, e.g. "de" or "pt-BR"')),
  uiLocales: optional(locale('Raw OIDC ui_locales, e.g. "fr-CA fr en"')),
} as const;

export const expiry = {
  expiresInMinutes: optional(minutes('Minutes until the code expires', { default: 10 })),
} as const;

/**
 * Where the request for a code came from, shown under it ("Request details") when the sender passes any
 * of it: the reader can tell a request of their own from someone else's. A send's `ip` (Logto's, through
 * `authmail serve`) fills `request.ip` when the variables do not. Opt-in (spread it into a template's
 * variables): its labels are `common:request*` and `common:labelSeparator` messages.
 */
export const request = {
  request: optional(
    object('Where the request came from, shown under the code when given', {
      time: optional(datetime('When the code was requested')),
      device: optional(text('Device or browser, e.g. "Chrome on macOS"')),
      location: optional(text('Approximate location, e.g. "Berlin, Germany"')),
      ip: optional(text('IP address of the client (a send’s ip fills it)')),
    }),
  ),
} as const;

/** A code sent while someone signs in or up: Logto adds the application, and the organization when the sign-in names one. */
export const signInCode = {
  code: code('The one-time code'),
  application: optional(application),
  organization: optional(organization),
} as const;

/** A code sent to a signed-in user (account settings): Logto adds the user, and the application when known. */
export const accountCode = {
  code: code('The one-time code'),
  user,
  application: optional(application),
  ...expiry,
  ...localeFields,
} as const;
