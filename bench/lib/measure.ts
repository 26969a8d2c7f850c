import { performance } from 'node:perf_hooks'

/** Milliseconds one run of `fn` takes. */
export async function timeIt(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/** min / median / max of a sample. */
export interface Spread {
  readonly min: number
  readonly median: number
  readonly max: number
}

export function spread(values: ReadonlyArray<number>): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! }
}

/**
 * Runs `subject` and `baseline` in alternation, `rounds` times each (interleaved, so a noisy
 * neighbour slows both alike), and returns the per-round ratios subject / baseline. Each function
 * returns the milliseconds of the work it timed (setup excluded).
 */
export async function interleavedRatios(
  rounds: number,
  subject: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ ratios: number[]; subjectMs: number[]; baselineMs: number[] }> {
  const ratios: number[] = []
  const subjectMs: number[] = []
  const baselineMs: number[] = []
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so warm caches favour neither side.
    const [s, b] =
      round % 2 === 0 ? [await subject(), await baseline()] : swap(await baseline(), await subject())
    subjectMs.push(s)
    baselineMs.push(b)
    ratios.push(s / Math.max(b, 1e-6))
  }
  return { ratios, subjectMs, baselineMs }
}

function swap(b: number, s: number): [number, number] {
  return [s, b]
}

/** Per-operation milliseconds of `count` sequential calls of `op`. */
export async function perOp(count: number, op: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < count; i++) await op(i)
  return (performance.now() - start) / count
}
