/**
 * Names that appear in copy, with the fallbacks that keep sentences whole
 * when an optional variable is absent. Each returns one string (sections in
 * slot mode), so it can be passed into a translation.
 */
import { isolate } from '../../locale/bidi.ts';
import type { Scope } from '../scope.ts';

/** The application's display name, else its name, else the brand's product name. */
export const appName = (s: Scope) =>
  s.pick(
    [
      ['application.displayName', () => s.v('application.displayName')],
      ['application.name', () => s.v('application.name')],
    ],
    // The brand's name is inserted like a value: isolated where the email reads right to left.
    () => isolate(s.brand.productName, s.dir),
  );

/** How to greet a person object (`user`, `inviter`): name, else username; `undefined` branch when neither. */
export const personName = (
  s: Scope,
  who: 'user' | 'inviter',
  otherwise: () => string,
  named: (name: string) => string,
) =>
  s.pick(
    [
      [`${who}.name`, () => named(s.v(`${who}.name`))],
      [`${who}.username`, () => named(s.v(`${who}.username`))],
    ],
    otherwise,
  );

/**
 * A person with their address, for a reader deciding whether to trust them ("Jonas Weber
 * (jonas@northwind.example)"): the name (else username) and the address when both are known, else
 * either alone, else `otherwise()`.
 */
export const personWithAddress = (
  s: Scope,
  who: 'user' | 'inviter',
  otherwise: () => string,
  named: (name: string) => string,
) => {
  const address = `${who}.primaryEmail` as const;
  return personName(
    s,
    who,
    () => s.when(address, () => named(s.v(address)), otherwise),
    (name) =>
      named(
        s.when(
          address,
          // Not isolated as a whole (the name is; isolates stay unnested): in a right-to-left sentence the
          // parentheses sit between the name and a Latin address and resolve right to left, as they should.
          () => s.t('common:nameWithAddress', { name, address: s.v(address) }),
          () => name,
        ),
      ),
  );
};

/**
 * The organization's name, or a wording without it. Logto sends the name but does not escape it, so
 * an export to Logto uses the name where it is plain text (subject, text part) and the wording
 * without it in the HTML, unless `export.trustLogtoValues` lists it.
 */
export const organizationName = (s: Scope, named: (name: string) => string, without: () => string) =>
  s.pick([['organization.name', () => named(s.v('organization.name'))]], without);

/** "Hi Mina," or "Hi," */
export const greeting = (s: Scope) =>
  personName(
    s,
    'user',
    () => s.t('common:greeting'),
    (name) => s.t('common:greetingNamed', { name }),
  );

/** The logo for this email: organization's, else application's, else the brand's. */
export function logoFor(s: Scope) {
  const { brand } = s;
  const darkOf = (owner: 'organization' | 'application') => () =>
    s.when(
      `${owner}.branding.darkLogoUrl`,
      () => s.v(`${owner}.branding.darkLogoUrl`),
      () => s.v(`${owner}.branding.logoUrl`),
    );
  return {
    src: s.pick(
      [
        ['organization.branding.logoUrl', () => s.v('organization.branding.logoUrl')],
        ['application.branding.logoUrl', () => s.v('application.branding.logoUrl')],
      ],
      () => brand.logoUrl,
    ),
    darkSrc: s.pick(
      [
        ['organization.branding.logoUrl', darkOf('organization')],
        ['application.branding.logoUrl', darkOf('application')],
      ],
      () => brand.darkLogoUrl ?? brand.logoUrl,
    ),
    alt: s.pick(
      [
        ['organization.branding.logoUrl', () => s.v('organization.name')],
        ['application.branding.logoUrl', () => appName(s)],
      ],
      () => brand.productName,
    ),
  };
}
