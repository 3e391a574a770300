// The timing method of the node harnesses: run the operation for WARM_MS to let the JIT and
// the caches settle, size a batch to take about RUN_MS, time RUNS batches, and report the
// median rate (operations per second of wall time) with the spread, and the median rate per
// second of this process's CPU time (less sensitive to other processes on a shared machine).
//
// Env: RUNS (default 5), RUN_MS (default 400), WARM_MS (default 400).
import os from 'node:os'

export const RUNS = Number(process.env.RUNS ?? 5)
export const RUN_MS = Number(process.env.RUN_MS ?? 400)
export const WARM_MS = Number(process.env.WARM_MS ?? 400)

const clock = () => process.hrtime.bigint()
const msSince = (t0) => Number(clock() - t0) / 1e6

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Times `n` calls of `op` (awaited when `awaits`): wall and CPU milliseconds. */
async function batch(op, n, awaits) {
  const cpu0 = process.cpuUsage()
  const t0 = clock()
  if (awaits) for (let i = 0; i < n; i++) await op()
  else for (let i = 0; i < n; i++) op()
  const wallMs = msSince(t0)
  const cpu = process.cpuUsage(cpu0)
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }
}

/**
 * Measures `op`; each call counts as `per` operations (a batch of decisions in one call).
 * Returns {opsPerSec, min, max, opsPerCpuSec, usPerOp, batch, runs, load}.
 */
export async function rate(op, { awaits = false, per = 1 } = {}) {
  let n = 1
  let last = { wallMs: 0 }
  const w0 = clock()
  do {
    last = await batch(op, n, awaits)
    if (last.wallMs < RUN_MS / 8) n *= 2
  } while (msSince(w0) < WARM_MS)
  const size = Math.max(1, Math.round((n * RUN_MS) / Math.max(last.wallMs, 1e-3)))
  const wall = []
  const cpu = []
  for (let r = 0; r < RUNS; r++) {
    const t = await batch(op, size, awaits)
    wall.push((size * per * 1000) / t.wallMs)
    cpu.push((size * per * 1000) / Math.max(t.cpuMs, 1e-3))
  }
  const med = median(wall)
  return {
    opsPerSec: Math.round(med),
    min: Math.round(Math.min(...wall)),
    max: Math.round(Math.max(...wall)),
    opsPerCpuSec: Math.round(median(cpu)),
    usPerOp: +(1e6 / med).toFixed(3),
    batch: size,
    runs: RUNS,
    load: +os.loadavg()[0].toFixed(2)
  }
}

export { median }
