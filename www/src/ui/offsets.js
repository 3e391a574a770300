// Offsets: the engine counts UTF-8 bytes, editors count UTF-16 code units.

/** UTF-16 offset in `text` of the UTF-8 byte offset `byteOffset` (clamped to the text). */
export function byteToUtf16(text, byteOffset) {
  if (byteOffset <= 0) return 0;
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    if (bytes >= byteOffset) return i;
    const cp = text.codePointAt(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.length;
}

/** UTF-16 offset of a 1-based line and 1-based UTF-16 column. */
export function lineColToUtf16(text, line, columnUtf16) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, columnUtf16 - 1));
}

/** Resolve an engine position ({offsetUtf16} or {line, columnUtf16} or {offset}) to a UTF-16 offset. */
export function positionToUtf16(text, pos) {
  if (!pos || typeof pos !== 'object') return null;
  if (Number.isInteger(pos.offsetUtf16)) return Math.min(pos.offsetUtf16, text.length);
  if (Number.isInteger(pos.line) && Number.isInteger(pos.columnUtf16)) return lineColToUtf16(text, pos.line, pos.columnUtf16);
  if (Number.isInteger(pos.offset)) return byteToUtf16(text, pos.offset);
  return null;
}

/** 1-based line and column (UTF-16) of a UTF-16 offset. */
export function utf16ToLineCol(text, offset) {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
