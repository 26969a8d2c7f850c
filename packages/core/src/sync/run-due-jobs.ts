import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { transactGrouped } from '../context/grouped-transact.js'
import { autocommit } from '../context/transact.js'
import type { SyncJob } from '../model/sync-records.js'
import type { SyncClaimOptions } from '../ports/sync-store.js'
import { parseInput } from '../validate.js'
import { settleJob } from './jobs.js'
import { runMaterializer } from './materialize.js'
import { type PushReads, readForPush } from './push-reads.js'
import { type JobOutcome, runJob } from './run-job.js'

/** Options of `runDueJobs`. */
export interface RunDueJobsOptions {
  /** Region calls in flight at once (default 8). */
  readonly concurrency?: number
  /** Region calls in flight at once per region (default 4). */
  readonly perRegionConcurrency?: number
  /** Lease owner id (default: a new id per call). */
  readonly owner?: string
  /** Stops claiming when aborted; jobs already running finish first. */
  readonly signal?: AbortSignal
}

const Count = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(1_000, { error: 'must be at most 1000' })

/** `RunDueJobsOptions` as given by a caller: null or undefined is every default. */
export const RunDueJobsOptionsSchema = z
  .strictObject({
    concurrency: Count.optional(),
    perRegionConcurrency: Count.optional(),
    owner: z
      .string({ error: 'expected a string' })
      .min(1, { error: 'must not be empty' })
      .max(200, { error: 'must be at most 200 characters' })
      .optional(),
    signal: z.instanceof(AbortSignal, { error: 'expected an AbortSignal' }).optional(),
  })
  .nullish()

/** What one `runDueJobs` call did. */
export interface RunDueJobsResult {
  /** Jobs claimed and run, whatever their outcome. */
  readonly processed: number
  /** Pushes that left the region at the credential's current version. */
  readonly synced: number
  /** Region calls that failed (retried later) and jobs whose outcome could not be recorded. */
  readonly failed: number
  /** Removals done. */
  readonly removed: number
}

/** Narrows which jobs a run claims (internal: `syncNow`, `prepareRegion`). */
export type JobScope = Pick<SyncClaimOptions, 'accountId' | 'credentialId' | 'region'>

/**
 * Told of each failure a run gets past instead of rejecting (internal: the worker's `onError`):
 * the regions could not be listed, jobs could not be claimed, or an outcome could not be recorded.
 */
export type RunFailureListener = (error: unknown) => void

/**
 * Claims due jobs and runs them, at most `concurrency` region calls at once and
 * `perRegionConcurrency` per region, until nothing is due. A job's slot frees when its region call
 * ends; its outcome is recorded meanwhile, grouped with the account's other outcomes (at most
 * `8 × concurrency` jobs are between claim and recorded outcome). Claims go region by region so a
 * job is only leased when a slot is free: a slow or failing region holds its own slots, never
 * the others'. Once the options are valid it never rejects: a job whose outcome cannot be
 * recorded keeps its lease and comes back when it expires.
 * @throws CredentialsError VALIDATION_FAILED (bad `options`: counts are whole numbers 1–1000,
 *   `owner` a non-empty string, `signal` an AbortSignal)
 */
export async function runDueJobs(
  ctx: ServiceContext,
  optionsInput?: unknown,
  scope: JobScope = {},
  onFailure: RunFailureListener = () => undefined,
): Promise<RunDueJobsResult> {
  const options: RunDueJobsOptions = parseInput(RunDueJobsOptionsSchema, optionsInput, ['options']) ?? {}
  const limit = options.concurrency ?? 8
  const perRegion = options.perRegionConcurrency ?? 4
  const owner = options.owner ?? `runner-${ctx.random.id()}`
  const totals = { processed: 0, synced: 0, failed: 0, removed: 0 }
  const known = scope.region === undefined ? await knownRegions(ctx, onFailure) : [scope.region]
  const build = runMaterializer(ctx)
  /** Jobs not finished yet, outcome recording included. */
  const tasks = new Set<Promise<void>>()
  /** Jobs whose region call is under way: the slots. */
  let calling = 0
  const busy = new Map<string, number>()
  const backlog: { job: SyncJob; read: PushReads }[] = []
  // A job's slot frees when its region call ends; its outcome is recorded meanwhile (the
  // account's outcomes commit in groups), with at most `8 × limit` jobs between claim and record.
  const globalFree = () => Math.min(limit - calling, 8 * limit - tasks.size)
  const regionFree = (region: string) => perRegion - (busy.get(region) ?? 0)
  let wake: () => void = () => undefined
  const woken = () =>
    new Promise<void>((resolve) => {
      wake = resolve
    })

  const start = (job: SyncJob, read: PushReads) => {
    busy.set(job.region, (busy.get(job.region) ?? 0) + 1)
    calling++
    const onCallEnded = () => {
      calling--
      busy.set(job.region, (busy.get(job.region) ?? 1) - 1)
      wake()
    }
    const task = runJob(ctx, job, { build, onCallEnded, read })
      .then(
        (outcome) => count(totals, outcome),
        (error: unknown) => {
          totals.failed++
          onFailure(error)
        },
      )
      .finally(() => {
        tasks.delete(task)
        wake()
      })
    tasks.add(task)
    totals.processed++
  }
  const claim = (filter: JobScope, max: number) =>
    autocommit(ctx, async (tx) => {
      const jobs = await tx.sync.claim(ctx.clock.now(), {
        owner,
        leaseMs: ctx.sync.leaseMs,
        limit: max,
        ...scope,
        ...filter,
      })
      return { jobs, read: await readForPush(tx, jobs) }
    })

  for (let round = 0; ; round++) {
    if (options.signal?.aborted) break
    for (const waiting of backlog.splice(0)) {
      if (globalFree() > 0 && regionFree(waiting.job.region) > 0) start(waiting.job, waiting.read)
      else backlog.push(waiting)
    }
    let claimed = 0
    // Regions this pass could not ask (no free slot) may still have due jobs.
    let unasked = false
    try {
      // One credential has at most one job per region: its jobs are claimed in one call below.
      for (const region of scope.credentialId === undefined ? rotate(known, round) : []) {
        const free = Math.min(globalFree(), regionFree(region))
        if (free <= 0) {
          unasked = true
          continue
        }
        const { jobs, read } = await claim({ region }, free)
        for (const job of jobs) start(job, read)
        claimed += jobs.length
        if (jobs.length === free) unasked = true
      }
      if (!unasked && scope.region === undefined && globalFree() > 0) {
        // Jobs of regions the port does not list: they fail with a clear message and retry.
        const { jobs, read } = await claim({}, globalFree())
        for (const job of jobs) {
          if (regionFree(job.region) > 0 && globalFree() > 0) start(job, read)
          else backlog.push({ job, read })
        }
        claimed += jobs.length
      }
    } catch (error) {
      // Storage unavailable: stop claiming; this run ends once the running jobs are done.
      onFailure(error)
      break
    }
    if (claimed === 0 && tasks.size === 0 && backlog.length === 0) break
    if (tasks.size > 0 && (claimed === 0 || globalFree() <= 0 || unasked)) await woken()
  }
  await Promise.all(tasks)
  // Claimed but never started (the run was stopped): hand them back instead of waiting for the lease.
  for (const { job } of backlog) {
    await transactGrouped(ctx, job, (tx) =>
      settleJob(tx, job, { retryAt: job.runAt, attempts: job.attempts }),
    ).catch((error: unknown) => onFailure(error))
  }
  return totals
}

function count(totals: { synced: number; failed: number; removed: number }, outcome: JobOutcome): void {
  if (outcome === 'synced') totals.synced++
  else if (outcome === 'failed') totals.failed++
  else if (outcome === 'removed') totals.removed++
}

async function knownRegions(ctx: ServiceContext, onFailure: RunFailureListener): Promise<string[]> {
  try {
    return [...(await ctx.regions.regions())]
  } catch (error) {
    onFailure(error)
    return []
  }
}

/** `items` starting at `offset`, wrapping: no region is always asked first. */
function rotate<T>(items: ReadonlyArray<T>, offset: number): T[] {
  if (items.length === 0) return []
  const at = offset % items.length
  return [...items.slice(at), ...items.slice(0, at)]
}
