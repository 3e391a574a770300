// Reading an AWS export into memory: the files (and folders, walked recursively) that were
// dropped on the page or picked with a file input, as [{name: relative path, text}] for the
// engine's `import` op. Only the names and the text leave this module; nothing is uploaded.

/** Files larger than this are skipped (and reported): an export file is rarely over a few MB. */
export const MAX_FILE_BYTES = 50_000_000;

/** Names never worth reading: operating-system litter in a dropped folder. */
function ignored(name) {
  const base = name.split('/').pop() || '';
  return base === '.DS_Store' || base === 'Thumbs.db' || base === 'desktop.ini' || base.startsWith('._');
}

/** A directory entry's children (readEntries returns them in batches until an empty one). */
function readAll(dirEntry) {
  const reader = dirEntry.createReader();
  const out = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

function entryFile(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Walk FileSystemEntry objects (from a drop) into [{name, file}] with paths relative to the drop. */
async function walkEntries(entries, prefix, out) {
  for (const entry of entries) {
    if (!entry) continue;
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) await walkEntries(await readAll(entry), name, out);
    else if (entry.isFile) out.push({ name, file: await entryFile(entry) });
  }
  return out;
}

/**
 * The files of a drop: folders through `webkitGetAsEntry` (walked), else the plain file list.
 * Resolves with [{name, file}].
 */
export async function droppedFiles(dataTransfer) {
  if (!dataTransfer) return [];
  const items = dataTransfer.items ? [...dataTransfer.items] : [];
  const entries = items.filter((it) => it && it.kind === 'file' && typeof it.webkitGetAsEntry === 'function').map((it) => it.webkitGetAsEntry());
  if (entries.length && entries.every(Boolean)) return walkEntries(entries, '', []);
  return pickedFiles(dataTransfer.files);
}

/** The files of an `<input type=file>` (with `webkitdirectory`, their paths inside the folder). */
export function pickedFiles(fileList) {
  return [...(fileList || [])].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
}

/**
 * Read [{name, file}] as text, sorted by name. Resolves with {files: [{name, text}], skipped:
 * [{name, reason}]}. A UTF-8 byte-order mark stays in the text (the importer accepts it).
 */
export async function readFiles(list) {
  const files = [];
  const skipped = [];
  for (const { name, file } of [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (ignored(name)) continue;
    if (file.size > MAX_FILE_BYTES) {
      skipped.push({ name, reason: `larger than ${MAX_FILE_BYTES / 1_000_000} MB` });
      continue;
    }
    try {
      files.push({ name, text: await file.text() });
    } catch (e) {
      skipped.push({ name, reason: `could not be read (${e && e.message ? e.message : e})` });
    }
  }
  return { files, skipped };
}

/** Is this one file a playground scenario (rather than an AWS export)? */
export function isScenarioText(text) {
  try {
    const v = JSON.parse(text);
    return !!v && typeof v === 'object' && typeof v.format === 'string' && v.format.startsWith('iam-playground/scenario@');
  } catch {
    return false;
  }
}
