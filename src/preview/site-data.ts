/** The data of the static review site (`authmail preview build`): what its page script reads. */

export interface SiteFinding {
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
  where: string;
  /** The documented exception that accepts it. */
  accepted?: string | undefined;
}

export interface SiteEmail {
  subject: string;
  preheader: string;
  text: string;
  dir: 'ltr' | 'rtl';
  /** Paths relative to the site: the email as sent, and with its own dark styles applied. */
  light: string;
  dark: string;
  findings: SiteFinding[];
}

export interface SiteData {
  title: string;
  builtAt: string;
  from: string;
  templates: string[];
  locales: { tag: string; name: string; dir: 'ltr' | 'rtl' }[];
  /** By `<template>/<locale>`. */
  emails: Record<string, SiteEmail>;
  /** The copied report of the last visual run, relative to the site, when there was one. */
  visual?: string | undefined;
  checks: { browser: boolean; errors: number; warnings: number };
}
