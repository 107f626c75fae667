/**
 * Input-derived text (ids, paths, libvirt's messages quoting XML values) as each output shows it:
 * a file name or a `<serial>` may hold any character a JavaScript string can, and a terminal, a
 * CI log or a markdown page must show it, not act on it.
 */

// lone surrogates: what the file system and UTF-8 output make of them is U+FFFD
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
// C0 and C1 controls (ANSI sequences start with ESC or CSI), DEL, line and paragraph separators,
// marks and overrides that show text in another order than it reads
const UNSEEN = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';
const UNSEEN_IN_TEXT = new RegExp(`[${UNSEEN}]|${LONE_SURROGATE}`, 'g');
const UNSEEN_IN_LINE = new RegExp(`[${UNSEEN}\\n\\r]|${LONE_SURROGATE}`, 'g');
const LONE = new RegExp(LONE_SURROGATE, 'g');

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Controls and invisible characters as `\x1b`, `\u202E`, lone surrogates as U+FFFD; line breaks
 * and tabs kept (the caller's format encodes them).
 */
export function visibleText(s: string): string {
  return s.replace(UNSEEN_IN_TEXT, escapeChar);
}

/** Lone surrogates as U+FFFD, the character the file system and UTF-8 output see. */
export function wellFormed(s: string): string {
  return s.replace(LONE, '\uFFFD');
}

/**
 * One line of console output (stdout, stderr) as a terminal or a CI log shows it: line breaks
 * and controls escaped, so input cannot start a line of its own, move the cursor or colour the
 * terminal; no GitHub Actions workflow command either (`::cmd::` at the line's start, `##[cmd]`
 * anywhere), since the runner reads every line a step prints.
 */
export function consoleLine(line: string): string {
  return line.replace(UNSEEN_IN_LINE, escapeChar).replace(/##\[/g, '##\\x5b').replace(/^(\s*):(?=:)/, '$1\\x3a');
}
