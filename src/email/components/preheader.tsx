/**
 * The inbox preview line. Hidden in the body, skipped in the plain-text part,
 * and padded with a fixed run of invisible characters so clients do not pull
 * body text into the preview. The padding does not depend on the text length,
 * so the compiled bundle and a direct render stay identical.
 */
const PADDING = '\u00a0\u200c'.repeat(60);

export function Preheader({ text }: { text: string }) {
  return (
    <div
      data-skip-in-text="true"
      style={{
        display: 'none',
        overflow: 'hidden',
        lineHeight: '1px',
        opacity: 0,
        maxHeight: 0,
        maxWidth: 0,
        fontSize: '1px',
        msoHide: 'all',
      }}
    >
      {text}
      {PADDING}
    </div>
  );
}
