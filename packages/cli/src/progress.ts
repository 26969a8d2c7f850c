import cliProgress from 'cli-progress'
import type { Printer } from './io.js'

/** Progress of long work: rows done out of a total known up front. */
export interface Progress {
  update(done: number): void
  /** Ends the bar (or prints the last line); idempotent. */
  stop(): void
}

export interface ProgressOptions {
  readonly label: string
  readonly unit: string
  readonly total: number
  /** Clock in ms for the rate and ETA (default `Date.now`). */
  readonly now?: () => number
  /** Least time between two plain lines on a pipe (default 1000 ms); the first and last always print. */
  readonly lineIntervalMs?: number
}

/**
 * On a terminal (stderr is a TTY) a redrawn bar: `[████░░] 40% | 40/100 rows | 12.5 rows/s | ETA 5s`.
 * Elsewhere (a pipe, a log file, cron) plain lines, throttled. Both on stderr, so stdout stays the
 * command's result (and `--json` stays parseable).
 */
export function createProgress(print: Printer, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now
  const started = now()
  const stats = (done: number) => {
    const seconds = Math.max((now() - started) / 1000, 0.001)
    const rate = done / seconds
    const eta = rate > 0 ? Math.ceil((options.total - done) / rate) : null
    return { rate: rate.toFixed(1), eta: eta === null ? '?' : formatSeconds(eta) }
  }
  return print.stderr.isTTY ? barProgress(print, options, stats) : lineProgress(print, options, now, stats)
}

type Stats = (done: number) => { rate: string; eta: string }

function barProgress(print: Printer, options: ProgressOptions, stats: Stats): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {rate} ${options.unit}/s | ETA {eta}`,
      stream: print.stderr as NodeJS.WritableStream,
      barsize: 24,
      hideCursor: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(options.total, 0, stats(0))
  let stopped = false
  return {
    update: (done) => bar.update(done, stats(done)),
    stop() {
      if (stopped) return
      stopped = true
      bar.stop()
    },
  }
}

function lineProgress(print: Printer, options: ProgressOptions, now: () => number, stats: Stats): Progress {
  const interval = options.lineIntervalMs ?? 1000
  let lastAt: number | null = null
  let last = -1
  let printed = -1
  const line = (done: number) => {
    const { rate, eta } = stats(done)
    const percent = options.total > 0 ? Math.floor((done / options.total) * 100) : 100
    print.err(
      `${options.label}: ${done}/${options.total} ${options.unit} (${percent}%), ${rate} ${options.unit}/s, ETA ${eta}`,
    )
    lastAt = now()
    printed = done
  }
  return {
    update(done) {
      last = done
      if (lastAt === null || now() - lastAt >= interval || done >= options.total) line(done)
    },
    stop() {
      if (last >= 0 && last !== printed) line(last)
    },
  }
}

/** `42s`, `3m05s`, `1h02m`. */
export function formatSeconds(total: number): string {
  if (total < 60) return `${total}s`
  const minutes = Math.floor(total / 60)
  if (minutes < 60) return `${minutes}m${String(total % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
}
