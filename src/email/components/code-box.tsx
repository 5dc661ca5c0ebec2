/**
 * The one-time code: one text node (copies as exactly the code), monospace,
 * px letter-spacing, 32 px, always left-to-right, centred in a bordered box.
 */
import { useScope } from './context.ts';
import { fontFamily, light, monoFamily } from './theme.ts';

const SPACING = 8;

export function CodeBox({ code }: { code: string }) {
  const s = useScope();
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0} style={{ margin: '8px 0 24px' }}>
      <tbody>
        <tr>
          <td
            className="am-muted"
            style={{
              fontFamily,
              fontSize: '14px',
              lineHeight: '20px',
              color: light.muted,
              textAlign: 'center',
              paddingBottom: '8px',
            }}
          >
            {s.t('common:codeLabel')}
          </td>
        </tr>
        <tr>
          <td align="center">
            <table role="presentation" cellPadding={0} cellSpacing={0} border={0}>
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
      </tbody>
    </table>
  );
}
