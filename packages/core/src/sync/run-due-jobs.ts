import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { autocommit } from '../context/transact.js'
import type { SyncJob } from '../model/sync-records.js'
import type { SyncClaimOptions } from '../ports/sync-store.js'
import { parseInput } from '../validate.js'
import { runMaterializer } from './materialize.js'
import { type PushReads, readForPush } from './push-reads.js'
import { regionSlots } from './region-slots.js'
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

/** Narrows which jobs a run claims (internal: `prepareRegion`, drift healing). */
export type JobScope = Pick<SyncClaimOptions, 'accountId' | 'region'>

/**
 * Told of each failure a run gets past instead of rejecting (internal: the worker's `onError`):
 * the regions could not be listed, jobs could not be claimed, or an outcome could not be recorded.
 */
export type RunFailureListener = (error: unknown) => void

/**
 * Claims due jobs and runs them, at most `concurrency` region calls at once and
 * `perRegionConcurrency` per region, until nothing is due. Jobs are claimed ahead of the free
 * slots, in batches: a job's `syncing` mark commits while the calls before it run, and it takes a
 * slot as soon as one frees (`regionSlots`), so no region call waits for a transaction. A job's
 * slot frees when its region call ends; its outcome is recorded meanwhile, grouped with the
 * account's other outcomes (at most `8 × concurrency` jobs are between claim and recorded outcome).
 * Claims go region by region, each region's claimed jobs bounded by four times its slots (a job
 * waits for at most three region calls before its own; one whose wait ate its lease is handed
 * back): a slow or failing region holds its own slots, never the others'. Once the options are
 * valid it never rejects: a job whose outcome cannot be recorded keeps its lease and comes back
 * when it expires.
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
  /** Per region: jobs claimed whose region call has not ended (marking, waiting or calling). */
  const claimedIn = new Map<string, number>()
  let wake: () => void = () => undefined
  const woken = () =>
    new Promise<void>((resolve) => {
      wake = resolve
    })
  const slots = regionSlots(limit, perRegion, () => wake())
  /** Jobs claimed, not calling yet, that a free slot could take now. */
  const ahead = () => {
    let ready = 0
    for (const [region, claimed] of claimedIn) {
      const busy = slots.busy(region)
      ready += Math.min(claimed - busy, perRegion - busy)
    }
    return ready
  }
  // Claim when fewer than half a round of jobs is ready, enough for a round: claims come in
  // batches, and a freed slot finds a job whose mark has committed.
  const budget = () => {
    const ready = ahead()
    return ready > limit / 2 ? 0 : Math.min(limit - ready, 8 * limit - tasks.size)
  }
  /**
   * What a region may be asked for: once at most one round of its slots' worth of jobs waits, up
   * to four rounds claimed (so a claim brings about two rounds, not the one job a freed slot takes).
   */
  const regionRoom = (region: string) => {
    const claimed = claimedIn.get(region) ?? 0
    return claimed - slots.busy(region) > perRegion ? 0 : 4 * perRegion - claimed
  }

  const start = (job: SyncJob, read: PushReads) => {
    claimedIn.set(job.region, (claimedIn.get(job.region) ?? 0) + 1)
    const onCallEnded = () => {
      const left = claimedIn.get(job.region)! - 1
      if (left === 0) claimedIn.delete(job.region)
      else claimedIn.set(job.region, left)
      wake()
    }
    const slot = () => slots.acquire(job.region)
    const task = runJob(ctx, job, { build, slot, onCallEnded, read })
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
  const claim = async (filter: JobScope, max: number) => {
    const { jobs, read } = await autocommit(ctx, async (tx) => {
      const jobs = await tx.sync.claim(ctx.clock.now(), {
        owner,
        leaseMs: ctx.sync.leaseMs,
        limit: max,
        ...scope,
        ...filter,
      })
      return { jobs, read: await readForPush(tx, jobs) }
    })
    for (const job of jobs) start(job, read)
    return jobs.length
  }

  /** Regions that had fewer jobs due than asked: asked again once the jobs under way are done. */
  const drained = new Set<string>()
  let othersDrained = false
  for (let round = 0; ; round++) {
    if (options.signal?.aborted) break
    if (tasks.size === 0) {
      drained.clear()
      othersDrained = false
    }
    let claimed = 0
    try {
      for (const region of rotate(known, round)) {
        const max = Math.min(budget(), regionRoom(region))
        if (drained.has(region) || max <= 0) continue
        const got = await claim({ region }, max)
        if (got < max) drained.add(region)
        claimed += got
      }
      const max = budget()
      const everyRegionAsked = known.every((r) => drained.has(r))
      if (scope.region === undefined && everyRegionAsked && !othersDrained && max > 0) {
        // Jobs of regions the port does not list: they fail with a clear message and retry.
        const got = await claim({}, max)
        if (got < max) othersDrained = true
        claimed += got
      }
    } catch (error) {
      // Storage unavailable: stop claiming; this run ends once the running jobs are done.
      onFailure(error)
      break
    }
    if (claimed === 0 && tasks.size === 0) break
    if (tasks.size > 0 && (claimed === 0 || budget() <= 0)) await woken()
  }
  await Promise.all(tasks)
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
