// JSON paths in the engine's spelling: `$.accounts[0].roles[1].trustPolicy`.

const PLAIN = /^[A-Za-z0-9_-]+$/;

/** Format an array of keys/indices as the engine's path string. */
export function formatPath(segments) {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Parse a path string back into segments; null when it is not one. */
export function parsePath(path) {
  if (typeof path !== 'string' || !path.startsWith('$')) return null;
  const segs = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      segs.push(path.slice(i + 1, j));
      i = j;
    } else if (path[i] === '[') {
      if (path[i + 1] === '"') {
        let j = i + 2;
        while (j < path.length && !(path[j] === '"' && path[j - 1] !== '\\')) j++;
        try {
          segs.push(JSON.parse(path.slice(i + 1, j + 1)));
        } catch {
          return null;
        }
        i = j + 2;
      } else {
        const j = path.indexOf(']', i);
        if (j < 0) return null;
        const n = Number(path.slice(i + 1, j));
        if (!Number.isInteger(n)) return null;
        segs.push(n);
        i = j + 1;
      }
    } else return null;
  }
  return segs;
}

/** Read the value at `segments` in `obj` (undefined when absent). */
export function getAt(obj, segments) {
  let cur = obj;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[s];
  }
  return cur;
}

/** Is `prefix` a prefix (or equal) of `path`, both as strings? */
export function pathStartsWith(path, prefix) {
  if (path === prefix) return true;
  return path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '[');
}
