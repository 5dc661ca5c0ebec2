import {
  ActionButton,
  appName,
  datetime,
  defineEmail,
  FallbackLink,
  Heading,
  logto,
  MOMENT,
  Note,
  optional,
  organizationName,
  Paragraph,
  personName,
  personWithAddress,
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
    expiresAt: optional(datetime('When the invitation expires')),
    ...logto.localeFields,
  },
  sample: {
    link: 'https://auth.acme.example/invitation/accept?token=Zx81Qp',
    organization: { id: 'org_58c1', name: 'Northwind Labs' },
    inviter: { id: 'usr_2b7w', name: 'Jonas Weber', primaryEmail: 'jonas@northwind.example' },
    application: { id: 'app_7f3k2', name: 'Acme Cloud' },
    expiresAt: '2026-12-13T09:00:00Z',
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
          {personWithAddress(
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
        {s.block('expiresAt', <Note>{s.t('expiresAt', { date: s.date('expiresAt', MOMENT) })}</Note>)}
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
