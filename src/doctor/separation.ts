/**
 * Auth mail should not share a domain with marketing mail: complaints about
 * newsletters then hurt one-time codes, and Gmail asks senders to keep
 * subscription and transactional mail on different addresses.
 */
import type { Finding } from './findings.ts';

/** SPF include domains and DKIM selectors of marketing platforms. */
const MARKETING_SPF: readonly [suffix: string, platform: string][] = [
  ['mcsv.net', 'Mailchimp'],
  ['klaviyo.com', 'Klaviyo'],
  ['hubspotemail.net', 'HubSpot'],
  ['constantcontact.com', 'Constant Contact'],
  ['createsend.com', 'Campaign Monitor'],
  ['mlsend.com', 'MailerLite'],
  ['emsd1.com', 'ActiveCampaign'],
  ['mktomail.com', 'Marketo'],
  ['exacttarget.com', 'Salesforce Marketing Cloud'],
  ['sendinblue.com', 'Brevo'],
  ['brevo.com', 'Brevo'],
];
const MARKETING_SELECTORS: Record<string, string> = {
  k1: 'Mailchimp',
  k2: 'Mailchimp',
  hs1: 'HubSpot',
  hs2: 'HubSpot',
};

export function checkSeparation(
  domain: string,
  spfDomains: readonly string[],
  dkimSelectors: readonly string[],
): Finding {
  const platforms = new Set<string>();
  for (const d of spfDomains) {
    for (const [suffix, platform] of MARKETING_SPF)
      if (d === suffix || d.endsWith(`.${suffix}`)) platforms.add(platform);
  }
  for (const s of dkimSelectors) if (MARKETING_SELECTORS[s]) platforms.add(MARKETING_SELECTORS[s] as string);
  if (platforms.size === 0) {
    return { check: 'separation', status: 'ok', message: `No marketing platform found sending as ${domain}.` };
  }
  return {
    check: 'separation',
    status: 'warning',
    message: `Marketing mail (${[...platforms].join(', ')}) is sent as ${domain} too: spam complaints about it lower the reputation your sign-in codes depend on.`,
    fix: `Send auth mail from its own subdomain (e.g. auth.${domain}) with its own SPF, DKIM and DMARC, or move marketing to one.`,
  };
}
