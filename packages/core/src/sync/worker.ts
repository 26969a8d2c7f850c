import { z } from 'zod'
import { parseInput } from '../domain/validate.js'
import type { ServiceContext } from '../service/context.js'
import { refreshIssuance } from './refresh-issuance.js'
import { runDueJobs } from './run-due-jobs.js'

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
  })
  .nullish()

/** A running worker. */
export interface SyncWorker {
  /** Stops polling, waits for the jobs in flight to be recorded, then resolves. */
  stop(): Promise<void>
}

/**
 * Polls the outbox: each pass runs `runDueJobs` until nothing is due, then sleeps
 * `pollIntervalMs`. Several workers (one per backend replica) share the work through job leases.
 * A pass never throws; the worker keeps going until `stop()`.
 * @throws CredentialsError VALIDATION_FAILED (bad `options`, thrown before anything starts)
 */
export function startSyncWorker(ctx: ServiceContext, optionsInput?: unknown): SyncWorker {
  const options: SyncWorkerOptions = parseInput(SyncWorkerOptionsSchema, optionsInput, ['options']) ?? {}
  const pollIntervalMs = options.pollIntervalMs ?? 1_000
  const issuanceEvery = options.issuanceEveryPolls ?? 30
  const owner = `worker-${ctx.random.id()}`
  const stopping = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  let pass: Promise<void> | null = null
  let polls = 0

  const runPass = async () => {
    polls++
    const run = {
      owner,
      signal: stopping.signal,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.perRegionConcurrency === undefined
        ? {}
        : { perRegionConcurrency: options.perRegionConcurrency }),
    }
    await runDueJobs(ctx, run).catch(() => undefined)
    if (issuanceEvery > 0 && polls % issuanceEvery === 0 && !stopping.signal.aborted) {
      await refreshIssuance(ctx).catch(() => undefined)
    }
  }
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      pass = runPass().finally(() => {
        pass = null
        if (!stopping.signal.aborted) schedule(pollIntervalMs)
      })
    }, delay)
  }
  schedule(0)

  return {
    async stop() {
      stopping.abort()
      clearTimeout(timer)
      await pass
    },
  }
}
