/**
 * The one-time code: in groups for reading ("482 915") that copy as exactly the
 * code (spans with a gap, no space), monospace, px letter-spacing, 32 px, always left-to-right, in a bordered box on the
 * same start edge as the logo, the heading and the text; its expiry right
 * under it, where the reader's eye already is.
 */
import type { ReactNode } from 'react';
import { useScope } from './context.ts';
import { align, fontFamily, light, monoFamily } from './theme.ts';

const SPACING = 8;

/** The small muted lines above and under the code: its label and its expiry. */
const caption = (start: 'left' | 'right') =>
  ({ fontFamily, fontSize: '14px', lineHeight: '20px', color: light.muted, textAlign: start }) as const;

export function CodeBox({ code, expires }: { code: ReactNode; expires?: ReactNode }) {
  const s = useScope();
  const start = align(s.dir);
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0} style={{ margin: '8px 0 24px' }}>
      <tbody>
        <tr>
          <td className="am-muted" style={{ ...caption(start), paddingBottom: '8px' }}>
            {s.t('common:codeLabel')}
          </td>
        </tr>
        <tr>
          <td align={start}>
            <table role="presentation" cellPadding={0} cellSpacing={0} border={0} align={start}>
              <tbody>
                <tr>
                  <td
                    className="am-code"
                    dir="ltr"
                    style={{
                      fontFamily: monoFamily,
                      fontSize: '32px',
                      lineHeight: '40px',
                      fontWeight: 700,
                      letterSpacing: `${SPACING}px`,
                      color: light.codeText,
                      backgroundColor: light.codeBg,
                      border: `1px solid ${light.border}`,
                      borderRadius: '8px',
                      // Letter-spacing also trails the last character; pad the start to stay centred.
                      padding: `14px 24px 14px ${24 + SPACING}px`,
                      textAlign: 'center',
                    }}
                  >
                    {code}
                  </td>
                </tr>
              </tbody>
            </table>
          </td>
        </tr>
        {expires !== undefined && (
          <tr>
            <td className="am-muted" style={{ ...caption(start), paddingTop: '8px' }}>
              {expires}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
