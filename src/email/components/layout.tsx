/**
 * The frame of every email: 600 px max, table-based (`role="presentation"`),
 * `lang`/`dir` on <html>, <body> and the wrapper cell, the logo (with a dark
 * variant), the card holding the template's content, and the footer.
 */

import { Fragment, type ReactNode } from 'react';
import { Body, Container, Head, Html, Link } from 'react-email';
import { accentOf } from '../../brand/brand.ts';
import { segments } from '../../locale/segmented.ts';
import { TOOLKIT_FRAME } from '../marker.ts';
import type { Scope } from '../scope.ts';
import { ScopeContext } from './context.ts';
import { logoFor } from './names.ts';
import { Preheader } from './preheader.tsx';
import { align, fontFamily, light, styleSheet, WIDTH } from './theme.ts';

interface LayoutProps {
  s: Scope;
  subject: string;
  preheader: string;
  children: ReactNode;
}

export function Layout({ s, subject, preheader, children }: LayoutProps) {
  const { brand, dir, locale } = s;
  const logo = logoFor(s);
  const logoBox = { width: brand.logoWidth, height: brand.logoHeight };
  return (
    <ScopeContext.Provider value={s}>
      <Html lang={locale} dir={dir}>
        <Head>
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="supported-color-schemes" content="light dark" />
          <title>{subject}</title>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: static CSS built from validated config */}
          <style dangerouslySetInnerHTML={{ __html: styleSheet(brand) }} />
        </Head>
        <Body
          lang={locale}
          dir={dir}
          className="am-page"
          style={{ backgroundColor: light.page, margin: 0, padding: '24px 0', fontFamily }}
        >
          <Preheader text={preheader} />
          {/* Yahoo's apps drop <body> and ignore lang on <td>: a <div> keeps the language for screen readers. */}
          {/* Japanese, Chinese, Thai: lines break only between phrases (render/phrases.ts marks them). Every
              language: a word longer than the line (a German compound, a long name) wraps inside itself rather
              than widening the card; `anywhere`, unlike `break-word`, also narrows the table it is in. */}
          <div
            lang={locale}
            dir={dir}
            style={
              segments(locale) ? { wordBreak: 'keep-all', overflowWrap: 'anywhere' } : { overflowWrap: 'anywhere' }
            }
          >
            <Container style={{ maxWidth: `${WIDTH}px`, width: '100%' }}>
              <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0}>
                <tbody>
                  <tr>
                    {/* The logo's box, not its ink, is aligned: logo files must be trimmed (docs/authoring.md). Outlook aligns by the attribute. */}
                    <td align={align(dir)} style={{ padding: '8px 24px 20px', textAlign: align(dir) }}>
                      <img
                        className="am-logo-light"
                        src={logo.src}
                        alt={logo.alt}
                        width={logoBox.width}
                        height={logoBox.height}
                        style={{
                          display: 'block',
                          // A block image ignores text-align: the auto margin puts it on the start side.
                          margin: dir === 'rtl' ? '0 0 0 auto' : '0 auto 0 0',
                          border: 0,
                          height: `${logoBox.height}px`,
                          width: 'auto',
                          maxWidth: `${logoBox.width}px`,
                        }}
                      />
                      <img
                        className="am-logo-dark"
                        src={logo.darkSrc}
                        alt={logo.alt}
                        width={logoBox.width}
                        height={logoBox.height}
                        style={{
                          display: 'none',
                          margin: dir === 'rtl' ? '0 0 0 auto' : '0 auto 0 0',
                          border: 0,
                          maxHeight: 0,
                          overflow: 'hidden',
                          msoHide: 'all',
                          height: `${logoBox.height}px`,
                          width: 'auto',
                          maxWidth: `${logoBox.width}px`,
                        }}
                      />
                    </td>
                  </tr>
                  <tr>
                    <td
                      className="am-card am-card-pad"
                      style={{
                        backgroundColor: light.card,
                        border: `1px solid ${light.border}`,
                        ...(accentOf(brand) === 'bar' && { borderTop: `4px solid ${brand.primaryColor}` }),
                        borderRadius: '12px',
                        padding: '36px 40px',
                      }}
                    >
                      {children}
                    </td>
                  </tr>
                  <tr>
                    <td style={{ padding: '24px 24px 8px' }}>
                      <Footer s={s} />
                    </td>
                  </tr>
                </tbody>
              </table>
            </Container>
          </div>
        </Body>
      </Html>
    </ScopeContext.Provider>
  );
}

/**
 * Link colour, underlined or not. React Email's Link writes `text-decoration-line`, which Outlook for
 * Windows ignores; the `text-decoration` shorthand works everywhere.
 */
export const linkStyle = (color: string, underline = false) => ({
  color,
  textDecoration: underline ? 'underline' : 'none',
  textDecorationLine: undefined,
});

const footerText = {
  fontFamily,
  fontSize: '14px',
  lineHeight: '22px',
  color: light.muted,
  margin: '0 0 8px',
} as const;

/**
 * "Replies are not read", or, where the brand has a reply-to, that replies reach support. Both messages are
 * read then (the check's unused-key rule sees both in use); without a reply-to only the first, so a project
 * that has no `automatedReplies` message keeps building.
 */
function automatedNote(s: Scope): string {
  const automated = s.t('common:automated');
  return s.brand.replyTo ? s.t('common:automatedReplies') : automated;
}

function Footer({ s }: { s: Scope }) {
  const { brand, dir } = s;
  const style = { ...footerText, textAlign: align(dir) };
  // Underlined: in the muted footer text the brand colour alone does not mark a link (WCAG 1.4.1; axe link-in-text-block).
  const footerLink = linkStyle(brand.primaryColor, true);
  const support = [
    brand.supportEmail && (
      <Link key="mail" className="am-link" href={`mailto:${brand.supportEmail}`} style={footerLink}>
        {brand.supportEmail}
      </Link>
    ),
    brand.supportUrl && (
      <Link key="url" className="am-link" href={brand.supportUrl} style={footerLink}>
        {brand.supportUrl.replace(/^https:\/\//, '').replace(/\/$/, '')}
      </Link>
    ),
  ].filter(Boolean);
  const lines = brand.companyInformation.split('\n');
  return (
    <>
      {support.length > 0 && (
        <p className="am-muted" style={style}>
          {s.t('common:help')}{' '}
          {support.map((link, i) => (
            <Fragment key={i}>
              {i > 0 && '\u00a0· '}
              {link}
            </Fragment>
          ))}
        </p>
      )}
      {/* The address is written in the brand's language, not the email's: let the client pick its direction. */}
      <p className="am-muted" dir="auto" style={style}>
        {lines.map((line, i) => (
          <Fragment key={i}>
            {i > 0 && <br />}
            {line}
          </Fragment>
        ))}
      </p>
      <p className="am-muted" style={style}>
        {automatedNote(s)}
      </p>
    </>
  );
}

Object.assign(Layout, { [TOOLKIT_FRAME]: true });
