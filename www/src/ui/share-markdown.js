// Markdown text for "Copy as Markdown": scenario titles and step descriptions are the user's
// own text, so every character Markdown would read as syntax is escaped, and link targets are
// percent-encoded where Markdown would end them early.

/** ASCII punctuation that Markdown (CommonMark, GitHub tables) can read as syntax. */
const SYNTAX = /[\\`*_[\]<>()#!|~{}&]/g;

/** Plain text as Markdown inline text (link text or a table cell): one line, syntax escaped. */
export function markdownText(value) {
  return String(value ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(SYNTAX, (c) => `\\${c}`);
}

/** A URL as a Markdown link destination: characters that would close or split it encoded. */
export function markdownUrl(url) {
  return String(url).replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
