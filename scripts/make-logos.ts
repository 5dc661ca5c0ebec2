/**
 * Draws the sample brand logos in assets/ (PNG, 2× for retina) with Chromium.
 * Run once: npx tsx scripts/make-logos.ts
 */
import { launchChromium } from '../src/browser/chromium.ts';

const logos = [
  { file: 'logo.png', text: 'Acme', color: '#4f46e5', ink: '#1f2328' },
  { file: 'logo-dark.png', text: 'Acme', color: '#a5b4fc', ink: '#e8eaed' },
  { file: 'northwind-logo.png', text: 'Northwind', color: '#0f766e', ink: '#1f2328' },
  { file: 'northwind-logo-dark.png', text: 'Northwind', color: '#5eead4', ink: '#e8eaed' },
];

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 120, height: 36 }, deviceScaleFactor: 2 });
for (const logo of logos) {
  await page.setContent(`<body style="margin:0;background:transparent">
    <svg xmlns="http://www.w3.org/2000/svg" width="120" height="36" viewBox="0 0 120 36">
      <rect x="2" y="6" width="24" height="24" rx="7" fill="${logo.color}"/>
      <path d="M9 24 L14 11 L19 24 M11 20 H17" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
      <text x="32" y="24.5" font-family="DejaVu Sans" font-weight="700" font-size="${logo.text.length > 5 ? 13 : 17}" fill="${logo.ink}">${logo.text}</text>
    </svg></body>`);
  await page.screenshot({ path: `assets/${logo.file}`, omitBackground: true });
}
await browser.close();
