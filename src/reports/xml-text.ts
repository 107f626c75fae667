/** Escaping for XML and HTML text and attribute values. */

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even as references
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// any character either function changes: most strings (ids, paths) have none, one scan each
const SPECIAL = /[\u0000-\u001F&<>"\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For double-quoted attributes; newlines and tabs as references so parsers keep them. */
export function xmlAttr(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
