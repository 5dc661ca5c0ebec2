/**
 * Post-processing shared by the development render and the build, so both
 * treat React's output the same way.
 */
import { compile } from 'html-to-text';
import { plainTextSelectors } from 'react-email';

// React's hydration comments (text separators, Suspense and document
// markers) mean nothing to a mail client; Outlook's `<!--[if mso]>` stays.
const REACT_COMMENTS = /<!--(?: |\$|\/\$|html|head|body)-->/g;

export const cleanMarkup = (html: string) => html.replace(REACT_COMMENTS, '');

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  // Headings keep their case: all-caps reads as shouting and trips spam filters.
  options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 },
}));

/** A link shown as its URL without `https://` (the footer's help link): the converter prints label and URL. */
const LABEL_THEN_URL = /(^|\s)(\S+) (https?:\/\/)\2(\/?)(?=\s|$)/gm;

/**
 * React Email's `toPlainText` with our options, compiled once: `toPlainText` compiles its selectors into
 * a decision tree on every call, which was two thirds of each conversion's time.
 */
const convert = compile({
  wordwrap: false,
  selectors: [
    ...plainTextSelectors,
    ...headings,
    { selector: 'a[href^="mailto:"]', format: 'anchor', options: { ignoreHref: true } },
  ],
});

/** The plain-text part: React Email's converter, headings in their own case, no wrapping, each URL once. */
export const toText = (html: string) => convert(html).trim().replace(LABEL_THEN_URL, '$1$3$2$4');
