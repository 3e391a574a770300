// Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ (not committed), from
// the conformance scenarios, the lessons, the scenario tests, the import fixtures and the
// action catalogue, each encoded as its target reads input (fuzz/src/lib.rs).
//
//   node fuzz/seed.mjs            (re)writes the seeds; files the fuzzer added stay
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OPERATIONS = [
  "simulate", "validatePolicy", "import", "version", "whoCan", "reach", "diff", "open", "update",
  "edit", "report", "trace", "decide", "close", "installCatalogue", "catalogue", "complete",
  "describe",
];
const KINDS = ["identity", "resource", "trust", "boundary", "session", "serviceControl", "resourceControl"];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const counts = {};
function seed(target, content) {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  const dir = join(ROOT, "fuzz", "corpus", target);
  mkdirSync(dir, { recursive: true });
  const name = "seed-" + createHash("sha1").update(bytes).digest("hex");
  writeFileSync(join(dir, name), bytes);
  counts[target] = (counts[target] ?? 0) + 1;
}
const withByte = (b, text) => Buffer.concat([Buffer.from([b]), Buffer.from(text, "utf8")]);
const op = (name) => OPERATIONS.indexOf(name);

// --- scenarios --------------------------------------------------------------------------
const scenarioFiles = ["tests/conformance", "tests/lessons", "tests/scenarios"]
  .flatMap((d) => walk(join(ROOT, d)))
  .filter((p) => p.endsWith(".json"));
const scenarios = scenarioFiles.map((p) => ({ text: readFileSync(p, "utf8") }));
for (const s of scenarios) {
  try { s.json = JSON.parse(s.text); } catch { s.json = null; }
}

/** Every policy document in `v` (an object with `Statement`), with its JSON path. */
function policies(v, path = "$", out = []) {
  if (Array.isArray(v)) v.forEach((x, i) => policies(x, `${path}[${i}]`, out));
  else if (v && typeof v === "object") {
    if ("Statement" in v) out.push({ path, doc: v });
    for (const [k, x] of Object.entries(v)) {
      policies(x, /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}["${k}"]`, out);
    }
  }
  return out;
}

const kindOf = (path) =>
  /trust/i.test(path) ? "trust"
  : /boundary/i.test(path) ? "boundary"
  : /scp|serviceControl/i.test(path) ? "serviceControl"
  : /rcp|resourceControl/i.test(path) ? "resourceControl"
  : /session/i.test(path) ? "session"
  : /resource|bucket|key|queue|topic|secret/i.test(path) ? "resource"
  : "identity";

const flip = (doc) => JSON.parse(JSON.stringify(doc).replaceAll('"Allow"', '"Deny"'));
const arns = (text) => [...new Set(text.match(/arn:aws:iam::\d{12}:(user|role)\/[\w+=,.@\/-]+/g) ?? [])];
const actions = (text) => [...new Set(text.match(/"[a-z0-9-]+:[A-Za-z*]+"/g)?.map((a) => JSON.parse(a)) ?? [])]
  .filter((a) => !a.startsWith("aws:") && !a.startsWith("arn:"));

for (const s of scenarios) {
  seed("scenario", s.text);
  seed("api_call", withByte(op("simulate"), s.text));
  seed("api_call", withByte(op("open"), s.text));
  if (!s.json) continue;
  const found = policies(s.json);
  for (const { path, doc } of found) {
    const kind = kindOf(path);
    seed("policy", withByte(KINDS.indexOf(kind), JSON.stringify(doc, null, 2)));
    seed("api_call", withByte(op("validatePolicy"), JSON.stringify({ text: doc, kind })));
  }
  const principals = arns(s.text);
  const acts = actions(s.text);
  const principal = principals[0] ?? "arn:aws:iam::111111111111:user/alice";
  for (const action of [acts[0] ?? "s3:GetObject", "sts:AssumeRole"]) {
    const head = { action, resource: "*", principal, maxHops: 3 };
    seed("query", JSON.stringify(head) + "\n" + s.text);
    seed("api_call", withByte(op("whoCan"), JSON.stringify({ scenario: s.json, action })));
  }
  seed("api_call", withByte(op("reach"), JSON.stringify({ scenario: s.json, principal })));
  seed("api_call", withByte(op("diff"), JSON.stringify({ before: s.json, after: s.json })));
  seed("api_call", withByte(op("decide"), JSON.stringify({ scenario: s.json, queries: [s.json.steps ?? []], explain: true })));
  seed("api_call", withByte(op("trace"), JSON.stringify({ scenario: s.json, step: 1 })));
  const edits = found.slice(0, 3).map(({ path, doc }) => [path, JSON.stringify(flip(doc))]);
  if (edits.length) {
    seed("world_edit", [s.text, ...edits.flat()].join("\0"));
    seed("api_call", withByte(op("edit"), JSON.stringify({ scenario: s.json, path: edits[0][0], document: edits[0][1] })));
  }
  seed("world_edit", [s.text, "$.steps", JSON.stringify(s.json.steps ?? [])].join("\0"));
}

// --- imports ----------------------------------------------------------------------------
const importRoot = join(ROOT, "tests", "import");
const cases = [
  ...readdirSync(join(importRoot, "cases")).map((c) => join(importRoot, "cases", c)),
  join(importRoot, "export"),
];
const record = (p) => `${relative(importRoot, p)}\n${readFileSync(p, "utf8")}`;
for (const dir of cases) {
  const files = walk(dir);
  seed("import", files.map(record).join("\0"));
  for (const f of files) seed("import", record(f));
  seed("api_call", withByte(op("import"), JSON.stringify({
    files: files.map((p) => ({ name: relative(importRoot, p), text: readFileSync(p, "utf8") })),
  })));
}
const lesson = scenarios.find((s) => s.text.includes("role chaining")) ?? scenarios[0];
seed("import", [`into:scenario.json\n${lesson.text}`, ...walk(join(importRoot, "cases", "profiles")).map(record)].join("\0"));

// --- the action catalogue: its header and a few services, cut at lines ------------------
const cat = readFileSync(join(ROOT, "data", "iam-catalogue.txt"), "utf8").split("\n");
const header = cat.slice(0, 2);
const starts = cat.map((l, i) => (l.startsWith("S ") ? i : -1)).filter((i) => i >= 0);
seed("catalogue", cat.slice(0, 80).join("\n") + "\n");
for (const k of [0, 1, Math.floor(starts.length / 2), starts.length - 2]) {
  const [a, b] = [starts[k], starts[k + 1] ?? cat.length];
  if (a === undefined) continue;
  const service = cat.slice(a, Math.min(b, a + 120));
  seed("catalogue", [...header, ...service].join("\n") + "\n");
  seed("api_call", withByte(op("installCatalogue"), JSON.stringify({ text: [...header, ...service].join("\n") })));
}
for (const [o, req] of [
  ["version", {}],
  ["catalogue", {}],
  ["complete", { text: "s3:Get", context: "action" }],
  ["complete", { text: "aws:Pri", context: "conditionKey" }],
  ["describe", { action: "s3:Get*" }],
  ["describe", { conditionKey: "aws:PrincipalTag/team" }],
  ["close", { world: 1 }],
]) seed("api_call", withByte(op(o), JSON.stringify(req)));
seed("api_call", withByte(OPERATIONS.length, JSON.stringify({ op: "version" })));

for (const [t, n] of Object.entries(counts).sort()) console.log(`seed: ${t}: ${n} inputs`);
