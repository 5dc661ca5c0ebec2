/**
 * The body shared by every one-time-code email: optional greeting, heading,
 * intro, the code with its expiry under it, a do-not-share line, where the
 * request came from (when given) and the "not you?" note.
 */
import type { Scope } from '../scope.ts';
import { CodeBox } from './code-box.tsx';
import { appName, greeting } from './names.ts';
import { RequestDetails } from './request-details.tsx';
import { Heading, Note, Paragraph } from './typography.tsx';

interface CodeEmailProps {
  s: Scope;
  /** Greet the user by name ("Hi Mina,") before the intro. */
  greet?: boolean;
  /** The intro sentence; defaults to `intro`, or `introOrg` when an organization is given. */
  intro?: string;
}

export const defaultIntro = (s: Scope) =>
  s.when(
    'organization',
    () => s.t('introOrg', { app: appName(s), org: s.v('organization.name') }),
    () => s.t('intro', { app: appName(s) }),
  );

export function CodeEmail({ s, greet = false, intro = defaultIntro(s) }: CodeEmailProps) {
  const app = appName(s);
  return (
    <>
      <Heading>{s.t('heading', { app })}</Heading>
      {greet && <Paragraph>{greeting(s)}</Paragraph>}
      <Paragraph>{intro}</Paragraph>
      <CodeBox code={s.groups('code')} expires={s.t('common:expires', { time: s.v('expiresIn') })} />
      <Note>{s.t('common:dontShare', { app })}</Note>
      <RequestDetails s={s} />
      <Note>{s.t('notYou', { app })}</Note>
    </>
  );
}

/**
 * Subject and preheader of a code email: `{app}` and `{time}` filled. With `brand.codeInSubject`, the code
 * goes first, before the subject in the email's language (no message of its own: it reads the same in all).
 */
export const codeSubject = (s: Scope) => {
  const subject = s.t('subject', { app: appName(s) });
  return s.brand.codeInSubject ? `${s.v('code')} · ${subject}` : subject;
};
export const codePreheader = (s: Scope) => s.t('preheader', { app: appName(s), time: s.v('expiresIn') });
