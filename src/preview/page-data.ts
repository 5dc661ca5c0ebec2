/**
 * Data written into a page as JSON (`<script type="application/json">`), read back with `JSON.parse`:
 * every `<` escaped, so that no value (an email's `</script>`, a `<!--`) ends or bends the element.
 */
export const dataScript = (id: string, data: unknown) =>
  `<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
