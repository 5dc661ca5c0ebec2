/**
 * "Request details" under a code: when, from which device, where and from
 * which IP the code was requested — each row only when the sender passes it,
 * the block only when any is. Absent when the template does not declare
 * `request` (logto.request).
 */
import { Fragment, type ReactNode } from 'react';
import type { Scope } from '../scope.ts';
import { useScope } from './context.ts';
import { align, fontFamily, light, MOMENT } from './theme.ts';

const ROWS = [
  ['request.time', 'common:requestTime'],
  ['request.device', 'common:requestDevice'],
  ['request.location', 'common:requestLocation'],
  ['request.ip', 'common:requestIp'],
] as const;

const text = { fontFamily, fontSize: '14px', lineHeight: '22px' } as const;

/** "Device: Chrome on macOS", one line per fact: the same in the HTML and the text part. */
function Row({ label, children }: { label: string; children: ReactNode }) {
  const s = useScope();
  return (
    <p style={{ ...text, color: light.text, margin: '0 0 2px', textAlign: align(s.dir) }} className="am-text">
      <span className="am-muted" style={{ color: light.muted }}>
        {label}
        {s.t('common:labelSeparator')}
      </span>
      {children}
    </p>
  );
}

/** The value of a row: the time in the email's language and the send's time zone, the others as given. */
const rowValue = (s: Scope, path: (typeof ROWS)[number][0]) =>
  path === 'request.time' ? s.date(path, MOMENT) : s.v(path);

export function RequestDetails({ s }: { s: Scope }) {
  if (!s.declares('request')) return null;
  const rows = ROWS.filter(([path]) => s.declares(path));
  // An empty `request` is absent (the variable model drops objects with nothing in them): the heading
  // shows with at least one row.
  return (
    <>
      {s.block(
        'request',
        <p
          className="am-text am-rule"
          style={{
            ...text,
            fontWeight: 600,
            color: light.text,
            margin: '4px 0 6px',
            padding: '12px 0 0',
            borderTop: `1px solid ${light.border}`,
            textAlign: align(s.dir),
          }}
        >
          {s.t('common:requestHeading')}
        </p>,
      )}
      {rows.map(([path, label]) => (
        <Fragment key={path}>{s.block(path, <Row label={s.t(label)}>{rowValue(s, path)}</Row>)}</Fragment>
      ))}
      {s.block(
        'request',
        <div data-skip-in-text="true" style={{ height: '12px', lineHeight: '12px', fontSize: '1px' }}>
          &nbsp;
        </div>,
      )}
    </>
  );
}
