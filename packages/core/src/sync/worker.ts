import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { parseInput } from '../validate.js'
import { refreshIssuance } from './refresh-issuance.js'
import { runDueJobs } from './run-due-jobs.js'
import { createWorkerStats, type SyncWorkerStats } from './worker-stats.js'

/** Options of `startSyncWorker`. */
export interface SyncWorkerOptions {
  /** Jobs in flight at once, 1–1000 (default 8). */
  readonly concurrency?: number
  /** Jobs in flight at once per region, 1–1000 (default 4). */
  readonly perRegionConcurrency?: number
  /** Pause between two passes over the due jobs, 1 ms to 1 h (default 1 s). */
  readonly pollIntervalMs?: number
  /** Observe ACME issuance every this many passes (default 30; 0 never). */
  readonly issuanceEveryPolls?: number
  /**
   * Called with each error a pass gets past: jobs that could not be claimed or whose outcome could
   * not be recorded (storage down), regions that could not be listed, an issuance refresh that
   * failed. Region call failures are not errors of the worker: they are recorded on the status.
   * The error is the adapter's, as thrown (log it like any error of the API). A hook that throws
   * or rejects is ignored; the worker goes on.
   */
  readonly onError?: (error: unknown) => void | Promise<void>
}

const Count = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(1_000, { error: 'must be at most 1000' })

/** `SyncWorkerOptions` as given by a caller: null or undefined is every default. */
export const SyncWorkerOptionsSchema = z
  .strictObject({
    concurrency: Count.optional(),
    perRegionConcurrency: Count.optional(),
    pollIntervalMs: z
      .number({ error: 'expected a number' })
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(3_600_000, { error: 'must be at most 3600000 (one hour)' })
      .optional(),
    issuanceEveryPolls: z
      .number({ error: 'expected a number' })
      .int({ error: 'expected a whole number' })
      .min(0, { error: 'must be at least 0' })
      .max(1_000_000, { error: 'must be at most 1000000' })
      .optional(),
    onError: z
      .custom<(error: unknown) => void | Promise<void>>((v) => typeof v === 'function', {
        error: 'expected a function',
      })
      .optional(),
  })
  .nullish()

/** A running worker. */
export interface SyncWorker {
  /** Stops polling, waits for the jobs in flight to be recorded, then resolves. */
  stop(): Promise<void>
  /** What the worker did so far (a copy): passes, jobs, failures and the last error's code. */
  stats(): SyncWorkerStats
}

/**
 * Polls the outbox: each pass runs `runDueJobs` until nothing is due, then sleeps
 * `pollIntervalMs` on the engine's clock. Several workers (one per backend replica) share the work
 * through job leases. A pass never throws: its errors go to `onError` and the stats, and the worker
 * keeps going until `stop()`.
 * @throws CredentialsError VALIDATION_FAILED (bad `options`, thrown before anything starts)
 */
export function startSyncWorker(ctx: ServiceContext, optionsInput?: unknown): SyncWorker {
  const options: SyncWorkerOptions = parseInput(SyncWorkerOptionsSchema, optionsInput, ['options']) ?? {}
  const pollIntervalMs = options.pollIntervalMs ?? 1_000
  const issuanceEvery = options.issuanceEveryPolls ?? 30
  const owner = `worker-${ctx.random.id()}`
  const stopping = new AbortController()
  const stats = createWorkerStats(ctx.clock, options.onError)
  const run = {
    owner,
    signal: stopping.signal,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.perRegionConcurrency === undefined
      ? {}
      : { perRegionConcurrency: options.perRegionConcurrency }),
  }

  const runPass = async (pass: number) => {
    const failure = stats.passStarted()
    try {
      stats.jobsRun(await runDueJobs(ctx, run, {}, failure))
    } catch (error) {
      failure(error)
    }
    if (issuanceEvery > 0 && pass % issuanceEvery === 0 && !stopping.signal.aborted) {
      await refreshIssuance(ctx).catch(failure)
    }
    stats.passEnded()
  }
  const loop = async () => {
    for (let pass = 1; !stopping.signal.aborted; pass++) {
      await runPass(pass)
      // Rejects once `stop()` aborts the signal: the loop ends without another pass.
      await ctx.clock.sleep(pollIntervalMs, stopping.signal).catch(() => undefined)
    }
  }
  const running = loop()

  return {
    async stop() {
      stopping.abort()
      await running
    },
    stats: () => stats.snapshot(),
  }
}
