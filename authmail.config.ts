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
    // The logo files are trimmed to their ink (164×72 px, drawn at 36 px high): the box is the logo's edge.
    logoWidth: 82,
    logoHeight: 36,
    primaryColor: '#4f46e5',
    supportEmail: 'support@acme.example',
    supportUrl: 'https://help.acme.example',
  },
  brandPresets: {
    Northwind: {
      senderName: 'Northwind',
      productName: 'Northwind',
      primaryColor: '#0f766e',
      logoUrl: 'https://static.acme.example/email/northwind-logo.png',
      darkLogoUrl: 'https://static.acme.example/email/northwind-logo-dark.png',
      logoWidth: 106,
    },
  },
  assets: {
    baseUrl: 'https://static.acme.example/email/',
    dir: 'assets',
  },
});
