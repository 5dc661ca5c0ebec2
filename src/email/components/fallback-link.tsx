/**
 * A button's URL written out under it, for readers whose client hides or
 * breaks the button: a link to itself, left to right whatever the email's
 * direction, breaking anywhere so a long URL never widens the card.
 */
import { Link } from 'react-email';
import { useScope } from './context.ts';
import { linkStyle } from './layout.tsx';
import { Note } from './typography.tsx';

export function FallbackLink({ href }: { href: string }) {
  const s = useScope();
  return (
    // dir on the paragraph, not the link: Outlook for Windows mishandles dir on <a>.
    <Note dir="ltr">
      <Link href={href} className="am-link" style={{ ...linkStyle(s.brand.primaryColor), wordBreak: 'break-all' }}>
        {href}
      </Link>
    </Note>
  );
}
