// Presets: the conformance walk-throughs and the lessons, copied next to the bundle at build
// time (presets/index.json lists them; one JSON file each).

const base = new URL('./presets/', import.meta.url);
let indexPromise = null;

/** The list of presets: [{id, kind: 'walkthrough'|'lesson', title, summary}]. */
export function presetIndex() {
  if (!indexPromise) {
    indexPromise = fetch(new URL('index.json', base))
      .then((r) => (r.ok ? r.json() : []))
      .then((list) => (Array.isArray(list) ? list.filter((p) => p && typeof p.id === 'string') : []))
      .catch(() => []);
  }
  return indexPromise;
}

/** The text of one preset by id; throws with a readable message when unknown. */
export async function presetText(id) {
  // the file and the index load in parallel (the first decision waits for both)
  const file = /^[A-Za-z0-9._-]+$/.test(id) ? fetch(new URL(`${id}.json`, base)).catch(() => null) : Promise.resolve(null);
  const list = await presetIndex();
  const entry = list.find((p) => p.id === id);
  if (!entry) throw new Error(`there is no preset named “${id}”`);
  const r = await file;
  if (!r || !r.ok) throw new Error(`the preset “${id}” could not be loaded${r ? ` (HTTP ${r.status})` : ''}`);
  return { text: await r.text(), entry };
}
