// Storage that never throws: a sandboxed iframe or a privacy mode may deny localStorage.

function store() {
  try {
    const s = window.localStorage;
    const probe = '__iam_playground_probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

let cached;
function get() {
  if (cached === undefined) cached = store();
  return cached;
}

export const storage = {
  available() {
    return get() !== null;
  },
  read(key) {
    try {
      return get()?.getItem(key) ?? null;
    } catch {
      return null;
    }
  },
  write(key, value) {
    try {
      get()?.setItem(key, value);
      return get() !== null;
    } catch {
      return false; // quota exceeded or denied: keep working without it
    }
  },
  remove(key) {
    try {
      get()?.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};
