/**
 * Call-to-action button. React Email's `Button` keeps its padding in Outlook
 * (mso-font-width / mso-text-raise spacers); the text colour is chosen for
 * contrast with the brand colour. Under the mobile breakpoint it spans the
 * card; it is 47 px high everywhere (React Email's inner line is 120 % of 16 px, plus 14 px
 * padding above and below): over the 44 px of a thumb-sized target.
 */
import type { ReactNode } from 'react';
import { Button } from 'react-email';
import { useScope } from './context.ts';
import { align, fontFamily, readableOn } from './theme.ts';

export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  const { brand, dir } = useScope();
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0} style={{ margin: '8px 0 24px' }}>
      <tbody>
        <tr>
          {/* On the start edge, with the logo, the heading and the code: one alignment axis. */}
          <td align={align(dir)}>
            <Button
              href={href}
              // Full width under the mobile breakpoint (theme.ts): the whole card wide.
              className="am-button"
              style={{
                fontFamily,
                fontSize: '16px',
                fontWeight: 600,
                lineHeight: '24px',
                color: readableOn(brand.primaryColor),
                backgroundColor: brand.primaryColor,
                borderRadius: '6px',
                padding: '14px 28px',
                textDecoration: 'none',
              }}
            >
              {children}
            </Button>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
