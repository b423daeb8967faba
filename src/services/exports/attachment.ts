// How a download is named to the browser (RFC 6266). A header carries only Latin-1, so a name
// with more than ASCII in it (a fund code such as 中文-专著) goes as filename* in UTF-8
// (RFC 8187), beside an ASCII filename for clients that read only that one.
export function attachment(filename: string): string {
  // Quotes and backslashes would end or escape the quoted string; some browsers decode %.
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  if (ascii === filename) return `attachment; filename="${filename}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${percentEncoded(filename)}`;
}

// RFC 8187's attr-char: what may stand for itself in an extended value; every other byte of
// the UTF-8 is percent-encoded. TextEncoder turns a lone surrogate into U+FFFD rather than throw.
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

function percentEncoded(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out += ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
