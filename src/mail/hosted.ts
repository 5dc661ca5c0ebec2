/**
 * Sending with a provider-hosted template (`send({ …, hosted: true })`): the
 * provider renders the template authmail exported to it (`authmail export
 * <target> --push`), named `authmail-<template>-<locale>`, from the data
 * computed here exactly as the runtime would render it — validated and
 * normalized values, derived values, HTML-escaped copies under `html.*`
 * (Handlebars, Mustachio), or Resend's flat variables with the computed
 * `SEG_*` segments. The runtime still renders the email first, so every
 * input error is caught before anything is sent.
 */
import { resendData, templateData } from '../hosted/data.ts';
import { templateName } from '../hosted/names.ts';
import type { Bundle, RenderInput } from '../runtime/bundle.ts';

export interface HostedTemplate {
  /** The exported template's name: `authmail-sign-in-de`. */
  readonly name: string;
  /** Nested data for Handlebars (SendGrid, Mailgun, SES) and Mustachio (Postmark) templates. */
  data(): Record<string, unknown>;
  /** Flat variables for a Resend template. */
  variables(): Record<string, string>;
}

export function hostedTemplate(bundle: Bundle, template: string, locale: string, input: RenderInput): HostedTemplate {
  let data: Record<string, unknown> | undefined;
  let variables: Record<string, string> | undefined;
  return {
    name: templateName(template, locale),
    data() {
      data ??= templateData(bundle, template, input).data;
      return data;
    },
    variables() {
      variables ??= resendData(bundle, template, input).data;
      return variables;
    },
  };
}
