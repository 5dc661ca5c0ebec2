import { Link } from 'react-email';
import { defineEmail } from '../src/render/define.ts';
import { ActionButton, appName, Heading, linkStyle, Note, Paragraph, personName } from './components/index.ts';

const org = 'organization.name';

export default defineEmail('organization-invitation', {
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
