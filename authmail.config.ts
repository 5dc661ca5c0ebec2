/**
 * authmail's one config file. The embedded defaults below build every bundle
 * with no provider, no account and nothing external.
 */
import { defineConfig } from 'authmail/config';

export default defineConfig({
  brand: {
    senderName: 'Acme',
    fromAddress: 'no-reply@acme.example',
    productName: 'Acme',
    companyInformation: 'Acme Inc.\n548 Market Street, San Francisco, CA 94104, USA',
    logoUrl: 'https://static.acme.example/email/logo.png',
    darkLogoUrl: 'https://static.acme.example/email/logo-dark.png',
    // The logo files are trimmed to their ink and a light keyline (258×84 px, shown at 42 px high: the badge
    // 36 px): the box is the logo's edge. The keyline keeps the dark wordmark readable in forced dark.
    logoWidth: 129,
    logoHeight: 42,
    primaryColor: '#4f46e5',
    supportEmail: 'support@acme.example',
    // Replies reach support (the footer says so, and sends get it as Reply-To).
    replyTo: 'support@acme.example',
    supportUrl: 'https://help.acme.example',
  },
  brandPresets: {
    Northwind: {
      senderName: 'Northwind',
      productName: 'Northwind',
      primaryColor: '#0f766e',
      logoUrl: 'https://static.acme.example/email/northwind-logo.png',
      darkLogoUrl: 'https://static.acme.example/email/northwind-logo-dark.png',
      logoWidth: 165,
    },
  },
  assets: {
    baseUrl: 'https://static.acme.example/email/',
    dir: 'assets',
  },
});
