import type { ReactNode } from 'react';
import { Heading as EmailHeading, Text } from 'react-email';
import { accentOf } from '../../brand/brand.ts';
import { useScope } from './context.ts';
import { align, fontFamily, light } from './theme.ts';

export function Heading({ children }: { children: ReactNode }) {
  const { dir, brand } = useScope();
  const accent = accentOf(brand) === 'heading';
  return (
    <EmailHeading
      as="h1"
      className={accent ? 'am-heading' : 'am-text'}
      style={{
        fontFamily,
        fontSize: '24px',
        lineHeight: '32px',
        fontWeight: 700,
        color: accent ? brand.primaryColor : light.text,
        margin: '0 0 16px',
        textAlign: align(dir),
      }}
    >
      {children}
    </EmailHeading>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  const { dir } = useScope();
  return (
    <Text
      className="am-text"
      style={{
        fontFamily,
        fontSize: '16px',
        lineHeight: '26px',
        color: light.text,
        margin: '0 0 16px',
        textAlign: align(dir),
      }}
    >
      {children}
    </Text>
  );
}

/** Secondary text: expiry, "not you?" notes. `dir` overrides the direction (a URL is always ltr). */
export function Note({ children, dir: textDir }: { children: ReactNode; dir?: 'ltr' | 'rtl' }) {
  const { dir } = useScope();
  return (
    <Text
      className="am-muted"
      dir={textDir}
      style={{
        fontFamily,
        fontSize: '14px',
        lineHeight: '22px',
        color: light.muted,
        margin: '0 0 12px',
        textAlign: align(dir),
      }}
    >
      {children}
    </Text>
  );
}
