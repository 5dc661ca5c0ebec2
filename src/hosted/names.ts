/** The stable name of an exported template, shared by the exporters and hosted sends (React-free). */

/** `authmail-<template>-<locale>` in lower case: `authmail-sign-in-pt-br`. */
export const templateName = (template: string, locale: string) => `authmail-${template}-${locale}`.toLowerCase();
