// Finds the browser engine in a built site and loads it in node: Trunk's `--target web`
// wasm-bindgen glue, instantiated synchronously on the wasm's bytes (`initSync`), as the page's
// worker does in the browser. Also finds iam-simulate for the side-by-side cells.
//
// Env: IAMP_DIST (default ./dist): the folder holding iam-playground-web[-HASH].js and
//      iam-playground-web[-HASH]_bg.wasm; PEERS (default /tmp/peers): the folder whose
//      iamsim/node_modules holds @cloud-copilot/iam-simulate.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export const DIST = resolve(process.env.IAMP_DIST ?? 'dist')

/** The glue and wasm paths in DIST. */
export function engineFiles(dist = DIST) {
  if (!existsSync(dist)) throw new Error(`no ${dist}: build the site (scripts/build-site.sh) or set IAMP_DIST`)
  const names = readdirSync(dist)
  const glue = names.find((f) => /^iam-playground-web(-[0-9a-f]+)?\.js$/.test(f))
  const wasm = names.find((f) => /^iam-playground-web(-[0-9a-f]+)?_bg\.wasm$/.test(f))
  if (!glue || !wasm) throw new Error(`no iam-playground-web glue and wasm in ${dist}: build the site first`)
  return { glue: join(dist, glue), wasm: join(dist, wasm) }
}

/** The AWS managed policy documents' asset the site build wrote (the wasm does not compile them in). */
export function managedFile(dist = DIST) {
  const site = join(dist, 'site')
  const name = existsSync(site) ? readdirSync(site).find((f) => /^managed-policies-[0-9a-f]+\.json$/.test(f)) : null
  if (!name) throw new Error(`no site/managed-policies-*.json in ${dist}: build the site first`)
  return join(site, name)
}

/** The engine's exports, instantiated, with the AWS managed policy documents installed as the page does. */
export async function loadEngine(dist = DIST) {
  const { glue, wasm } = engineFiles(dist)
  const engine = await import(pathToFileURL(glue).href)
  engine.initSync({ module: readFileSync(wasm) })
  if (typeof engine.managedInstall === 'function') engine.managedInstall(readFileSync(managedFile(dist), 'utf8'))
  return engine
}

export const PEERS = resolve(process.env.PEERS ?? '/tmp/peers')
const IAMSIM = join(PEERS, 'iamsim/node_modules/@cloud-copilot/iam-simulate')

/** iam-simulate's module, version and its data's version; null when it is not installed. */
export async function loadIamSimulate() {
  if (!existsSync(join(IAMSIM, 'package.json'))) return null
  const pkg = JSON.parse(readFileSync(join(IAMSIM, 'package.json'), 'utf8'))
  const dataPkg = join(IAMSIM, '../iam-data/package.json')
  const data = existsSync(dataPkg) ? JSON.parse(readFileSync(dataPkg, 'utf8')).version : null
  const mod = await import(pathToFileURL(join(IAMSIM, pkg.exports?.['.']?.import ?? 'dist/esm/index.js')).href)
  return { mod, version: pkg.version, data, entry: join(IAMSIM, pkg.exports?.['.']?.import ?? 'dist/esm/index.js') }
}
