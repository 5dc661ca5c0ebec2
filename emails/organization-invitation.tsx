import {
  ActionButton,
  appName,
  defineEmail,
  FallbackLink,
  Heading,
  logto,
  Note,
  optional,
  organizationName,
  Paragraph,
  personName,
  url,
} from 'authmail/email';

export default defineEmail({
  logtoType: 'OrganizationInvitation',
  when: 'A member invites someone to join an organization.',
  variables: {
    link: url('Invitation link that accepts the invitation'),
    organization: logto.organization,
    inviter: optional(logto.inviter),
    application: optional(logto.application),
    ...logto.localeFields,
  },
  sample: {
    link: 'https://auth.acme.example/invitation/accept?token=Zx81Qp',
    organization: { id: 'org_58c1', name: 'Northwind Labs' },
    inviter: { id: 'usr_2b7w', name: 'Jonas Weber' },
    application: { id: 'app_7f3k2', name: 'Acme Cloud' },
  },
  subject: (s) =>
    personName(
      s,
      'inviter',
      () =>
        organizationName(
          s,
          (name) => s.t('subject', { org: name }),
          () => s.t('subjectAnyOrg'),
        ),
      (inviter) =>
        organizationName(
          s,
          (name) => s.t('subjectInviter', { inviter, org: name }),
          () => s.t('subjectInviterAnyOrg', { inviter }),
        ),
    ),
  preheader: (s) =>
    organizationName(
      s,
      (name) => s.t('preheader', { org: name, app: appName(s) }),
      () => s.t('preheaderAnyOrg', { app: appName(s) }),
    ),
  Body: ({ s }) => {
    const app = appName(s);
    return (
      <>
        <Heading>
          {organizationName(
            s,
            (name) => s.t('heading', { org: name, app }),
            () => s.t('headingAnyOrg', { app }),
          )}
        </Heading>
        <Paragraph>
          {personName(
            s,
            'inviter',
            () =>
              organizationName(
                s,
                (name) => s.t('intro', { org: name, app }),
                () => s.t('introAnyOrg', { app }),
              ),
            (inviter) =>
              organizationName(
                s,
                (name) => s.t('introInviter', { inviter, org: name, app }),
                () => s.t('introInviterAnyOrg', { inviter, app }),
              ),
          )}
        </Paragraph>
        <ActionButton href={s.v('link')}>{s.t('button')}</ActionButton>
        <Note>{s.t('linkHelp')}</Note>
        <FallbackLink href={s.v('link')} />
        <Note>
          {organizationName(
            s,
            (name) => s.t('notYou', { org: name }),
            () => s.t('notYouAnyOrg'),
          )}
        </Note>
      </>
    );
  },
});
