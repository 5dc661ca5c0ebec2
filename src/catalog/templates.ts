/**
 * The template catalog: readable id ↔ Logto template type, when each email is
 * sent, its variables (Logto's names and shapes) and sample values for
 * previews and visual tests. React-free: the build, the preview and the
 * providers' exporters read it.
 */
import { code, email, type Fields, id, locale, minutes, object, optional, text, url, type VarsOf } from './fields.ts';

const branding = optional(
  object('Logo overrides from the sign-in experience', {
    logoUrl: optional(url('Logo shown instead of the brand logo')),
    darkLogoUrl: optional(url('Logo for dark mode')),
  }),
);

const application = object('The application the user signs in to (Logto ApplicationInfo)', {
  id: id('Application id'),
  name: text('Application name'),
  displayName: optional(text('Name shown to users; preferred over name')),
  branding,
});

const organization = object('The organization (Logto OrganizationInfo)', {
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

const user = object('The signed-in user (Logto UserInfo)', userFields);
const inviter = object('The member who sent the invitation (Logto UserInfo)', userFields);

/** Accepted by every template; they choose the language and are never shown. */
const localeFields = {
  locale: optional(locale('Resolved locale from Logto, e.g. "de" or "pt-BR"')),
  uiLocales: optional(locale('Raw OIDC ui_locales, e.g. "fr-CA fr en"')),
} as const;

const expiry = {
  expiresInMinutes: optional(minutes('Minutes until the code expires', { default: 10 })),
} as const;

/** A code sent while someone signs in or up: Logto adds the application, and the organization when the sign-in names one. */
const signInCode = {
  code: code('The one-time code'),
  application: optional(application),
  organization: optional(organization),
} as const;

/** A code sent to a signed-in user (account settings): Logto adds the user, and the application when known. */
const accountCode = {
  code: code('The one-time code'),
  user,
  application: optional(application),
  ...expiry,
  ...localeFields,
} as const;

export type LogtoTemplateType =
  | 'SignIn'
  | 'Register'
  | 'ForgotPassword'
  | 'MfaVerification'
  | 'BindMfa'
  | 'BindNewIdentifier'
  | 'UserPermissionValidation'
  | 'OrganizationInvitation'
  | 'Generic';

export interface TemplateSpec<F extends Fields = Fields> {
  readonly logtoType: LogtoTemplateType;
  /** When the email is sent, for the README and the preview. */
  readonly when: string;
  readonly variables: F;
  readonly sample: VarsOf<F>;
}

const define = <F extends Fields>(spec: TemplateSpec<F>) => spec;

const sampleApp = { id: 'app_7f3k2', name: 'Acme Cloud' };
const sampleUser = { id: 'usr_4kq9', name: 'Mina Park', username: 'mina', primaryEmail: 'mina@example.com' };

export const templates = {
  'sign-in': define({
    logtoType: 'SignIn',
    when: 'A user signs in with a one-time code instead of a password.',
    variables: { ...signInCode, ...expiry, ...localeFields },
    sample: { code: '482915', application: sampleApp },
  }),
  'sign-up': define({
    logtoType: 'Register',
    when: 'A new user verifies their e-mail address while creating an account.',
    variables: { ...signInCode, ...expiry, ...localeFields },
    sample: { code: '730164', application: sampleApp },
  }),
  'reset-password': define({
    logtoType: 'ForgotPassword',
    when: 'A user asks to reset a forgotten password.',
    variables: { ...signInCode, ...expiry, ...localeFields },
    sample: { code: '915302', application: sampleApp },
  }),
  'mfa-verification': define({
    logtoType: 'MfaVerification',
    when: 'A user who chose e-mail as a second factor completes sign-in.',
    variables: { ...signInCode, user: optional(user), ...expiry, ...localeFields },
    sample: { code: '264817', application: sampleApp, user: sampleUser },
  }),
  'bind-mfa': define({
    logtoType: 'BindMfa',
    when: 'A user adds this e-mail address as a second factor.',
    variables: accountCode,
    sample: { code: '558210', user: sampleUser, application: sampleApp },
  }),
  'link-account': define({
    logtoType: 'BindNewIdentifier',
    when: 'A signed-in user links a new e-mail address to their account.',
    variables: accountCode,
    sample: { code: '603947', user: sampleUser, application: sampleApp },
  }),
  'verify-operation': define({
    logtoType: 'UserPermissionValidation',
    when: 'A user confirms a high-risk change (password, e-mail, MFA) with a code.',
    variables: accountCode,
    sample: { code: '371592', user: sampleUser, application: sampleApp },
  }),
  'organization-invitation': define({
    logtoType: 'OrganizationInvitation',
    when: 'A member invites someone to join an organization.',
    variables: {
      link: url('Invitation link that accepts the invitation'),
      organization,
      inviter: optional(inviter),
      application: optional(application),
      ...localeFields,
    },
    sample: {
      link: 'https://auth.acme.example/invitation/accept?token=Zx81Qp',
      organization: { id: 'org_58c1', name: 'Northwind Labs' },
      inviter: { id: 'usr_2b7w', name: 'Jonas Weber' },
      application: sampleApp,
    },
  }),
  generic: define({
    logtoType: 'Generic',
    when: 'Any other code, Logto’s fallback for every type, and connector test sends.',
    variables: { ...signInCode, user: optional(user), ...expiry, ...localeFields },
    sample: { code: '000000' },
  }),
} as const;

export type TemplateId = keyof typeof templates;
export type TemplateFields<T extends TemplateId> = (typeof templates)[T]['variables'];
export type TemplateVariables<T extends TemplateId> = VarsOf<TemplateFields<T>>;

export const templateIds = Object.keys(templates) as TemplateId[];

export const isTemplateId = (value: string): value is TemplateId => Object.hasOwn(templates, value);

const byLogtoType = new Map<string, TemplateId>(templateIds.map((tid) => [templates[tid].logtoType, tid]));

/** Logto template type → template id; `undefined` for a type authmail does not know. */
export const templateForLogtoType = (type: string): TemplateId | undefined => byLogtoType.get(type);
