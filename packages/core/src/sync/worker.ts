import type { ServiceContext } from '../service/context.js'
import { refreshIssuance } from './refresh-issuance.js'
import { runDueJobs } from './run-due-jobs.js'

/** Options of `startSyncWorker`. */
export interface SyncWorkerOptions {
  /** Jobs in flight at once (default 8). */
  readonly concurrency?: number
  /** Jobs in flight at once per region (default 4). */
  readonly perRegionConcurrency?: number
  /** Pause between two passes over the due jobs (default 1 s). */
  readonly pollIntervalMs?: number
  /** Observe ACME issuance every this many passes (default 30; 0 never). */
  readonly issuanceEveryPolls?: number
}

/** A running worker. */
export interface SyncWorker {
  /** Stops polling, waits for the jobs in flight to be recorded, then resolves. */
  stop(): Promise<void>
}

/**
 * Polls the outbox: each pass runs `runDueJobs` until nothing is due, then sleeps
 * `pollIntervalMs`. Several workers (one per backend replica) share the work through job leases.
 * A pass never throws; the worker keeps going until `stop()`.
 */
export function startSyncWorker(ctx: ServiceContext, options: SyncWorkerOptions = {}): SyncWorker {
  const pollIntervalMs = Math.max(0, options.pollIntervalMs ?? 1_000)
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
