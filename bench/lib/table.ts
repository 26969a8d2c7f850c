import { type BenchResult, passes } from './result.js'

const fixed = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2))

/** The results as a plain-text table: ratio min/median/max against the target, pass or miss. */
export function printTable(results: ReadonlyArray<BenchResult>): void {
  const rows = results.map((r) => [
    r.what,
    r.baseline,
    `${fixed(r.ratio.min)} / ${fixed(r.ratio.median)} / ${fixed(r.ratio.max)}×`,
    `≤ ${r.target}×`,
    passes(r) ? 'met' : 'MISSED',
  ])
  const header = ['what', 'against', 'ratio min / median / max', 'target', '']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`)
  for (const row of rows) process.stdout.write(`${line(row)}\n`)
}
