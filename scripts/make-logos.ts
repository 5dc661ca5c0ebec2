/**
 * Draws the sample brand logos in assets/ with Chromium (3 px per drawing unit: shown at 1.5 units per
 * CSS pixel, the files are 2× for retina), trimmed to their ink (the
 * box is the logo's edge, so the frame aligns it by its box). The light-mode logos carry a 2 px light
 * keyline around their dark wordmark and badge: on a white card it does not show, and where a client
 * darkens the card itself (Outlook.com, Gmail for Android, Gmail for iOS), it keeps the dark ink
 * readable. Run: npx tsx scripts/make-logos.ts
 */
import { launchChromium } from '../src/browser/chromium.ts';

const logos = [
  { file: 'logo.png', text: 'Acme', color: '#4f46e5', ink: '#1f2328', keyline: '#ffffff' },
  { file: 'logo-dark.png', text: 'Acme', color: '#a5b4fc', ink: '#e8eaed', keyline: undefined },
  { file: 'northwind-logo.png', text: 'Northwind', color: '#0f766e', ink: '#1f2328', keyline: '#ffffff' },
  { file: 'northwind-logo-dark.png', text: 'Northwind', color: '#5eead4', ink: '#e8eaed', keyline: undefined },
];

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 200, height: 60 }, deviceScaleFactor: 3 });
for (const logo of logos) {
  // The keyline is a stroke painted under the fill (paint-order), so the ink keeps its shape.
  const line = logo.keyline
    ? `stroke="${logo.keyline}" stroke-width="2.5" stroke-linejoin="round" paint-order="stroke"`
    : '';
  await page.setContent(`<body style="margin:0;background:transparent">
    <svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
      <g id="ink" transform="translate(10 12)">
        <rect x="2" y="6" width="24" height="24" rx="7" fill="${logo.color}" ${line}/>
        <path d="M9 24 L14 11 L19 24 M11 20 H17" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
        <text x="32" y="24.5" font-family="DejaVu Sans" font-weight="700" font-size="${logo.text.length > 5 ? 13 : 17}" fill="${logo.ink}" ${line}>${logo.text}</text>
      </g>
    </svg></body>`);
  // The ink's box, keyline included (half the stroke outside the shapes), rounded out to whole pixels.
  const box = await page.evaluate(() => {
    const r = (document.getElementById('ink') as unknown as SVGGraphicsElement).getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
  // Both variants get the same margin, so the light and the dark logo have the same size.
  const pad = 1.25;
  const x = Math.floor(box.x - pad);
  const y = Math.floor(box.y - pad);
  await page.screenshot({
    path: `assets/${logo.file}`,
    omitBackground: true,
    clip: { x, y, width: Math.ceil(box.x + box.width + pad) - x, height: Math.ceil(box.y + box.height + pad) - y },
  });
}
await browser.close();
