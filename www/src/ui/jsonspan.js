// Where a value sits in a JSON text: a small scanner that finds the UTF-16 range of the value
// at a path (without building the whole tree), and maps offsets inside a string literal to
// offsets in the decoded string. The engine reports diagnostics in scenario-file positions;
// a policy pasted as a string is edited as its decoded text, so positions are mapped here.

const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

class Scanner {
  constructor(text) {
    this.t = text;
    this.i = 0;
  }
  ws() {
    while (this.i < this.t.length && WS.has(this.t.charCodeAt(this.i))) this.i++;
  }
  fail() {
    throw new Error('bad json');
  }
  string() {
    const start = this.i;
    if (this.t[this.i] !== '"') this.fail();
    this.i++;
    while (this.i < this.t.length) {
      const c = this.t[this.i];
      if (c === '\\') this.i += 2;
      else if (c === '"') {
        this.i++;
        return [start, this.i];
      } else this.i++;
    }
    this.fail();
  }
  /** Read an object member's key and its colon; return the key. */
  key() {
    const [ks, ke] = this.string();
    const key = JSON.parse(this.t.slice(ks, ke));
    this.ws();
    if (this.t[this.i] !== ':') this.fail();
    this.i++;
    this.ws();
    return key;
  }
  /**
   * Skip an object's members or an array's items (at the opening bracket) up to `close`;
   * `segment(idx)` reads what precedes each value and returns its path segment (the key, or
   * the index). If `path` is non-empty, descend and return the target's range.
   */
  members(close, segment, path) {
    this.i++;
    this.ws();
    if (this.t[this.i] === close) {
      this.i++;
      return null;
    }
    let found = null;
    for (let idx = 0; ; idx++) {
      this.ws();
      const seg = segment(idx);
      if (path.length && path[0] === seg && found === null) {
        if (path.length === 1) {
          const s = this.i;
          this.value([]);
          found = [s, this.i];
        } else found = this.value(path.slice(1));
      } else this.value([]);
      this.ws();
      if (this.t[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.t[this.i] === close) {
        this.i++;
        return found;
      }
      this.fail();
    }
  }
  /** Skip one value; if `path` is non-empty, descend and return the target's range. */
  value(path) {
    this.ws();
    const c = this.t[this.i];
    if (c === '{') return this.members('}', () => this.key(), path);
    if (c === '[') return this.members(']', (idx) => idx, path);
    if (c === '"') {
      this.string();
      return null;
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|^true|^false|^null/.exec(this.t.slice(this.i, this.i + 400));
    if (!m) this.fail();
    this.i += m[0].length;
    return null;
  }
}

/** UTF-16 range [start, end) of the value at `segments` in JSON `text`, or null. */
export function valueRange(text, segments) {
  try {
    const s = new Scanner(text);
    if (!segments.length) {
      s.ws();
      const start = s.i;
      s.value([]);
      return [start, s.i];
    }
    return s.value(segments);
  } catch {
    return null;
  }
}

/**
 * Map a UTF-16 offset in `text` that falls inside the string literal text[litStart, litEnd)
 * to the UTF-16 offset in the decoded string; null when outside the literal's contents.
 */
export function literalOffsetToDecoded(text, litStart, litEnd, offset) {
  if (offset < litStart + 1 || offset > litEnd - 1) return null;
  let raw = litStart + 1;
  let out = 0;
  while (raw < offset) {
    if (text[raw] === '\\') {
      raw += text[raw + 1] === 'u' ? 6 : 2;
    } else raw += 1;
    out += 1;
  }
  return out;
}
