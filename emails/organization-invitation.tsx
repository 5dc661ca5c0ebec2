import {
  ActionButton,
  appName,
  defineEmail,
  Heading,
  linkStyle,
  logto,
  Note,
  optional,
  Paragraph,
  personName,
  url,
} from 'authmail/email';
import { Link } from 'react-email';

const org = 'organization.name';

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
      () => s.t('subject', { org: s.v(org) }),
      (inviter) => s.t('subjectInviter', { inviter, org: s.v(org) }),
    ),
  preheader: (s) => s.t('preheader', { org: s.v(org), app: appName(s) }),
  Body: ({ s }) => {
    const app = appName(s);
    return (
      <>
        <Heading>{s.t('heading', { org: s.v(org), app })}</Heading>
        <Paragraph>
          {personName(
            s,
            'inviter',
            () => s.t('intro', { org: s.v(org), app }),
            (inviter) => s.t('introInviter', { inviter, org: s.v(org), app }),
          )}
        </Paragraph>
        <ActionButton href={s.v('link')}>{s.t('button')}</ActionButton>
        <Note>{s.t('linkHelp')}</Note>
        {/* dir on the paragraph, not the link: Outlook for Windows mishandles dir on <a>. */}
        <Note dir="ltr">
          <Link
            href={s.v('link')}
            className="am-link"
            style={{ ...linkStyle(s.brand.primaryColor), wordBreak: 'break-all' }}
          >
            {s.v('link')}
          </Link>
        </Note>
        <Note>{s.t('notYou', { org: s.v(org) })}</Note>
      </>
    );
  },
});
