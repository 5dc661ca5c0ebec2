/**
 * Size: Gmail clips HTML above about 102 KB ("[Message clipped]"), hiding
 * the footer and the "didn't request this?" note; it also ignores a
 * `<style>` block over 16 KB.
 */
import { GMAIL_CLIP_BYTES, WARN_BYTES } from '../../build/checks.ts';
import type { EmailRule } from '../types.ts';

export const GMAIL_STYLE_BYTES = 16 * 1024;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export const size: EmailRule = {
  id: 'size',
  family: 'size',
  kind: 'email',
  severity: 'error',
  description: `HTML size: warning above ${WARN_BYTES / 1024} KB, error above ${GMAIL_CLIP_BYTES / 1024} KB (Gmail clips the rest)`,
  check(email) {
    const bytes = Buffer.byteLength(email.html);
    if (bytes > GMAIL_CLIP_BYTES) {
      return [
        {
          severity: 'error',
          message: `The HTML is ${kb(bytes)}; Gmail clips emails above ${GMAIL_CLIP_BYTES / 1024} KB and hides the rest behind "View entire message".`,
          location: { part: 'html' },
        },
      ];
    }
    if (bytes > WARN_BYTES) {
      return [
        {
          severity: 'warning',
          message: `The HTML is ${kb(bytes)}, close to Gmail's ${GMAIL_CLIP_BYTES / 1024} KB clipping limit (warning from ${WARN_BYTES / 1024} KB).`,
          location: { part: 'html' },
        },
      ];
    }
    return [];
  },
};

export const styleSize: EmailRule = {
  id: 'style-size',
  family: 'size',
  kind: 'email',
  severity: 'warning',
  description: `<style> content at most ${GMAIL_STYLE_BYTES / 1024} KB (Gmail drops larger blocks)`,
  check(email) {
    const bytes = Buffer.byteLength(email.styleText);
    if (bytes <= GMAIL_STYLE_BYTES) return [];
    return [
      {
        message: `The <style> blocks hold ${kb(bytes)}; Gmail ignores a <style> over ${GMAIL_STYLE_BYTES / 1024} KB, dropping dark mode and mobile rules.`,
        location: { part: 'html' },
      },
    ];
  },
};

export const sizeRules = [size, styleSize];
