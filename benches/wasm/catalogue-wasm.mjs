// The AWS action catalogue in the browser's engine (issue 9, item 5), on the built site's wasm
// in node, as the page's worker uses it:
//
// - the assets: the wasm and the catalogue as shipped (gzip), against their budgets;
// - the first decision without the catalogue (the page never waits for it), then installing
//   the catalogue's text (what the worker does once the asset has arrived);
// - validating the AWS managed policy ReadOnlyAccess before and after, and the policy with the
//   classic mistakes (its findings counted);
// - `complete` and `describe` answers (the editors' help).
//
//   node benches/wasm/catalogue-wasm.mjs        (after scripts/build-site.sh; env IAMP_DIST)
//
// Prints one line per figure; times are the median of repeated runs in this process.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, gunzipSync } from 'node:zlib'
import { DIST, engineFiles, loadEngine } from './engine.mjs'

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
function time(fn, runs = 20) {
  const ms = []
  let out
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    out = fn()
    ms.push(performance.now() - t0)
  }
  return { ms: median(ms), out }
}
const kb = (n) => `${(n / 1000).toFixed(1)} KB`
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`)

const site = join(DIST, 'site')
const assetName = readdirSync(site).find((f) => /^iam-catalogue-.*\.txt\.gz$/.test(f))
if (!assetName) throw new Error(`no site/iam-catalogue-*.txt.gz in ${DIST}: build the site first`)
const asset = readFileSync(join(site, assetName))
const text = gunzipSync(asset).toString('utf8')
const wasmGz = gzipSync(readFileSync(engineFiles().wasm), { level: 9 }).length
console.log(`assets: wasm ${kb(wasmGz)} gzip (budget 400 KB); catalogue ${assetName} ${kb(asset.length)} gzip as shipped (budget 250 KB), ${kb(text.length)} of text`)

const engine = await loadEngine()
const readOnly = readFileSync(new URL('../../src/managed/documents/ReadOnlyAccess.json', import.meta.url), 'utf8')
const mistakes = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObjects', 's3:ListBucket', 'ec2:DescribeInstance'], Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*', Condition: { StringEquals: { 'aws:PrincipalTagg/team': 'blue' }, NumericLessThan: { 'aws:PrincipalArn': '5' } } }],
})
const builtin = readFileSync(new URL('../../www/src/builtin-scenario.json', import.meta.url), 'utf8')
const findings = (answer) => (answer.diagnostics ?? []).length

const t0 = performance.now()
const world = engine.worldOpen('scenario.json', builtin)
const first = JSON.parse(engine.worldReport(world))
console.log(`first decision (open + report of the built-in scenario, no catalogue): ${fmt(performance.now() - t0)}, ${first.report?.steps?.length ?? '?'} steps`)

const before = time(() => engine.validatePolicy(readOnly, 'identity'))
const mistakesBefore = engine.validatePolicy(mistakes, 'identity')
console.log(`validate ReadOnlyAccess without the catalogue: ${fmt(before.ms)}; the policy with mistakes: ${findings(mistakesBefore)} findings`)

const t1 = performance.now()
const installed = JSON.parse(engine.catalogueInstall(text))
const installMs = performance.now() - t1
if (!installed.installed) throw new Error(`catalogueInstall failed: ${JSON.stringify(installed)}`)
console.log(`catalogueInstall: ${fmt(installMs)} (${installed.services} services, ${installed.actions} actions, ${installed.dataset})`)

const after = time(() => engine.validatePolicy(readOnly, 'identity'))
const mistakesAfter = engine.validatePolicy(mistakes, 'identity')
const codes = [...new Set((mistakesAfter.diagnostics ?? []).map((d) => d.code))].sort()
console.log(`validate ReadOnlyAccess with the catalogue: ${fmt(after.ms)} (${(after.ms / before.ms).toFixed(2)}× without); the policy with mistakes: ${findings(mistakesAfter)} findings (${codes.join(', ')})`)

const rerun = time(() => engine.worldUpdate(world, builtin), 10)
console.log(`the built-in scenario evaluated again with the catalogue: ${fmt(rerun.ms)}`)

const api = (request) => JSON.parse(engine.api(JSON.stringify(request)))
const complete = time(() => api({ op: 'complete', text: 's3:GetOb', context: 'action', limit: 60 }))
const describe = time(() => api({ op: 'describe', action: 's3:Get*', limit: 200 }))
console.log(`complete s3:GetOb: ${fmt(complete.ms)} (${complete.out.candidates?.length} candidates); describe s3:Get*: ${fmt(describe.ms)} (${describe.out.count} actions)`)
