import { isCredentialsError } from '../errors.js'
import type { Clock } from '../ports/clock.js'
import type { RunDueJobsResult, RunFailureListener } from './run-due-jobs.js'

/** What a sync worker did since it started. Holds no message and no input: safe to log or export. */
export interface SyncWorkerStats {
  /** Passes over the due jobs finished. */
  readonly passes: number
  /** Jobs claimed and run, whatever their outcome. */
  readonly jobs: number
  /** Of those, the ones that failed (region call failed, or their outcome could not be recorded). */
  readonly failedJobs: number
  /** Passes during which at least one error reached `onError`. */
  readonly failedPasses: number
  /** Errors that reached `onError`. */
  readonly errors: number
  /**
   * The last of them: when, and its code. The code is a `CredentialsError` code, else the adapter's
   * own short code (a SQLSTATE such as `57P01`, a Node code such as `ECONNREFUSED`), else `UNKNOWN`.
   */
  readonly lastError: { readonly code: string; readonly at: Date } | null
}

/** A code is only kept when it looks like one: never free text that could carry a value. */
const CODE = /^[A-Za-z0-9_.-]{1,40}$/

/** The code `lastError` reports for `error`. */
export function errorCode(error: unknown): string {
  if (isCredentialsError(error)) return error.code
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' && CODE.test(code) ? code : 'UNKNOWN'
}

/** The counters of one worker, and the `onError` call that never throws. */
export function createWorkerStats(
  clock: Clock,
  onError: ((error: unknown) => void | Promise<void>) | undefined,
) {
  let passes = 0
  let jobs = 0
  let failedJobs = 0
  let failedPasses = 0
  let errors = 0
  let lastError: SyncWorkerStats['lastError'] = null
  let passFailed = false

  const report: RunFailureListener = (error) => {
    errors++
    passFailed = true
    lastError = { code: errorCode(error), at: clock.now() }
    try {
      Promise.resolve(onError?.(error)).catch(() => undefined)
    } catch {
      // A hook that throws must not stop the worker.
    }
  }

  return {
    /** Starts counting a pass; returns the listener its failures go to. */
    passStarted(): RunFailureListener {
      passFailed = false
      return report
    },
    jobsRun(result: RunDueJobsResult): void {
      jobs += result.processed
      failedJobs += result.failed
    },
    passEnded(): void {
      passes++
      if (passFailed) failedPasses++
    },
    snapshot(): SyncWorkerStats {
      return { passes, jobs, failedJobs, failedPasses, errors, lastError: lastError && { ...lastError } }
    },
  }
}
