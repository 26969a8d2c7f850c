import type { Spread } from './measure.js'

/** One line of the benchmark table. */
export interface BenchResult {
  readonly id: string
  readonly what: string
  /** What the ratio is measured against. */
  readonly baseline: string
  /** The ratio (subject / baseline) that passes, at most. */
  readonly target: number
  /** Ratios over the interleaved rounds; `median` is what is judged. */
  readonly ratio: Spread
  /** Absolute figures, for the docs (milliseconds, bytes...). */
  readonly detail: Readonly<Record<string, number | string>>
}

export const passes = (result: BenchResult): boolean => result.ratio.median <= result.target

/** A benchmark case: runs its measurement and returns one or more result lines. */
export interface BenchCase {
  readonly id: string
  /** What it needs: a PostgreSQL server is started once for every case that asks. */
  readonly needs?: 'postgres'
  run(env: BenchEnv): Promise<BenchResult[]>
}

export interface BenchEnv {
  readonly quick: boolean
  /** A fresh migrated database on the throwaway server (cases that need `postgres`). */
  database(): Promise<{ url: string; drop(): Promise<void> }>
  log(line: string): void
}
