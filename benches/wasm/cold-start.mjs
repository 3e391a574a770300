// One cold start, run in a fresh node process by world-wasm.mjs: load an engine and make its
// first decision, then print one JSON line: `ms` from the start of this module to the
// decision, `sinceProcessStartMs` from the process's own start (node's boot included), and
// `split`: milliseconds in each part (import, compile, open, first decision).
//
//   node cold-start.mjs ours GLUE WASM SCENARIO_FILE QUERY_TEXT [MANAGED_FILE]
//       import the glue, compile the wasm (initSync), install the AWS managed policy documents
//       as the page does (`managed`), worldOpen, worldPrepare, worldDecide
//   node cold-start.mjs iamsim ENTRY SIMULATION_FILE
//       import iam-simulate, runSimulation once
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const t0 = performance.now()
const [kind, ...args] = process.argv.slice(2)
const split = {}
let mark = t0
const lap = (name) => {
  const t = performance.now()
  split[name] = +(t - mark).toFixed(2)
  mark = t
}
let decision
if (kind === 'ours') {
  const [glue, wasm, scenarioFile, query, managedFile] = args
  const engine = await import(pathToFileURL(glue).href)
  lap('import')
  engine.initSync({ module: readFileSync(wasm) })
  lap('compile')
  if (managedFile && typeof engine.managedInstall === 'function') {
    engine.managedInstall(readFileSync(managedFile, 'utf8'))
    lap('managed')
  }
  const world = engine.worldOpen('scenario.json', readFileSync(scenarioFile, 'utf8'))
  lap('open')
  const q = engine.worldPrepare(world, query)
  decision = engine.worldDecide(world, q)
  lap('decide')
} else if (kind === 'iamsim') {
  const [entry, simulationFile] = args
  const sim = await import(pathToFileURL(entry).href)
  lap('import')
  const r = await sim.runSimulation(JSON.parse(readFileSync(simulationFile, 'utf8')), {})
  decision = r.overallResult
  lap('decide')
} else {
  console.error('usage: node cold-start.mjs ours GLUE WASM SCENARIO_FILE QUERY | iamsim ENTRY SIMULATION_FILE')
  process.exit(2)
}
const t1 = performance.now()
console.log(JSON.stringify({ kind, decision, ms: +(t1 - t0).toFixed(2), sinceProcessStartMs: +t1.toFixed(2), split }))
