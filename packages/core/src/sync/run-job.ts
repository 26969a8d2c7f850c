import type { ServiceContext } from '../context/context.js'
import { transactGrouped } from '../context/grouped-transact.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { SyncJob } from '../model/sync-records.js'
import type { MaterializedCredential, RegionObservation } from '../ports/region-port.js'
import { RegionError } from '../region-error.js'
import { auditOutcome, type JobOutcome, statusOf } from './job-outcome.js'
import { settleJob } from './jobs.js'
import { type Materializer, materialize } from './materialize.js'
import type { PushReads } from './push-reads.js'
import { type Failure, recordFailure, unlessAuditFails } from './record-failure.js'
import type { ReleaseSlot } from './region-slots.js'
import { regionFailure, secretPatterns } from './sanitize.js'
import {
  attemptsSoFar,
  statusAfterPush,
  statusAfterRegionAhead,
  statusWhilePushing,
} from './status-transitions.js'
import { RegionCallTimeout, withTimeout } from './timeout.js'

export type { JobOutcome } from './job-outcome.js'

type Attempt =
  | { kind: 'handed-back' }
  | { kind: 'pushed'; observation: RegionObservation }
  | { kind: 'newer' }
  | { kind: 'failed'; failure: Failure; timedOut: boolean }

/** How `runJob` builds what it pushes, when it may call its region, and whom it tells the call is over. */
export interface RunJobOptions {
  /** Builds what a region receives (default `materialize`; a run shares a cache of it). */
  readonly build?: Materializer
  /**
   * Waits for a region-call slot, once the job is ready to call (its `syncing` mark committed);
   * the slot is released when the call ends (default: no slot to wait for).
   */
  readonly slot?: () => Promise<ReleaseSlot>
  /**
   * Called once, when the region call has ended or was never made: the job's slot is free while
   * its outcome is still being recorded.
   */
  readonly onCallEnded?: () => void
  /** The rows and statuses read with the claim (`readForPush`): a job needing no mark skips a transaction. */
  readonly read?: PushReads
}

/**
 * Processes one claimed job: pushes or removes the credential in its region, then records the
 * outcome, the audit event and the job's settlement in one transaction. Region failures are
 * recorded (sanitised) and retried with backoff; a timed-out call keeps the job leased until the
 * lease expires (see `recordFailure`); a storage failure rejects and the job comes back when its
 * lease expires. Every path that marked the status `syncing` writes another state, unless the
 * job was superseded (the newer job or the removal owns the status then).
 */
export async function runJob(
  ctx: ServiceContext,
  job: SyncJob,
  options: RunJobOptions = {},
): Promise<JobOutcome> {
  let ended = false
  let release: ReleaseSlot | undefined
  const call: RegionCall = {
    async ready() {
      if (options.slot) release = await options.slot()
      return leaseOutlastsCall(ctx, job)
    },
    ended() {
      if (ended) return
      ended = true
      release?.()
      options.onCallEnded?.()
    },
  }
  try {
    return job.action === 'remove'
      ? await runRemove(ctx, job, call)
      : await runApply(ctx, job, options.build ?? ((record) => materialize(ctx, record)), options.read, call)
  } finally {
    call.ended()
  }
}

/** The region call of one job: when it may start, and telling that it is over. */
interface RegionCall {
  /** Waits for the job's slot; false when the job must be handed back instead (`leaseOutlastsCall`). */
  ready(): Promise<boolean>
  ended(): void
}

/**
 * Whether the job's lease lasts until its call would time out. A job claimed ahead waits for a
 * slot; if the wait ate so much of its lease that another worker could claim the job while this
 * call runs, the job is handed back instead. A job that did not wait is never handed back.
 */
function leaseOutlastsCall(ctx: ServiceContext, job: SyncJob): boolean {
  if (job.leaseExpiresAt === null) return true
  const now = ctx.clock.now().getTime()
  const left = job.leaseExpiresAt.getTime() - now
  const waited = now > job.leaseExpiresAt.getTime() - ctx.sync.leaseMs
  return !waited || left >= ctx.sync.callTimeoutMs
}

/** Ends a job without its call, due again now: its `syncing` mark stays until the next run decides. */
function handBack(ctx: ServiceContext, job: SyncJob): Promise<JobOutcome> {
  return transactGrouped(ctx, job, async (tx): Promise<JobOutcome> => {
    await settleJob(tx, job, { retryAt: ctx.clock.now(), attempts: job.attempts })
    return 'handed-back'
  })
}

async function runApply(
  ctx: ServiceContext,
  job: SyncJob,
  build: Materializer,
  read: PushReads | undefined,
  call: RegionCall,
): Promise<JobOutcome> {
  const record = unmarkedPush(ctx, job, read) ?? (await markSyncing(ctx, job))
  if (record === null) return 'stale'
  let credential: MaterializedCredential | null = null
  let attempt: Attempt
  try {
    credential = await build(record)
    const pushed = credential
    const observation = (await call.ready())
      ? await withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) =>
          ctx.regions.apply(job.region, pushed, { signal }),
        )
      : null
    if (observation === null) attempt = { kind: 'handed-back' }
    else if (observation.version > job.version) attempt = { kind: 'newer' }
    else if (observation.contentHash === pushed.contentHash) {
      // Same content: an adapter that skipped the write may still label it with an older version.
      attempt = { kind: 'pushed', observation: { ...observation, version: job.version } }
    } else {
      throw new RegionError('region reported a different content hash', { reason: 'ContentHashMismatch' })
    }
  } catch (error) {
    attempt = {
      kind: 'failed',
      failure: regionFailure(error, secretPatterns(credential)),
      timedOut: error instanceof RegionCallTimeout,
    }
  }
  call.ended()
  if (attempt.kind === 'handed-back') return handBack(ctx, job)
  if (attempt.kind === 'failed') return recordFailure(ctx, job, record, attempt.failure, attempt.timedOut)
  if (attempt.kind === 'pushed') return recordPush(ctx, job, record, attempt.observation)
  // The region already holds a newer version than this job's (a newer job pushed it, or the
  // region is ahead of the row): nothing to push. The `syncing` mark is taken back.
  return transactGrouped(ctx, job, async (tx): Promise<JobOutcome> => {
    const settled = await settleJob(tx, job, { retryAt: null, attempts: job.attempts })
    const record = await tx.credentials.get(job.accountId, job.credentialId)
    const next = statusAfterRegionAhead(await statusOf(tx, job), record, job, settled)
    if (next) await tx.sync.putStatuses([next])
    return 'stale'
  })
}

/**
 * The row to push without a transaction first: when the claim's read shows the job current (not
 * stale, attempts left) and its status needs no `syncing` mark (already `synced` or `syncing`, or
 * waiting for another version), `markSyncing` would write nothing. Null: ask `markSyncing`.
 */
function unmarkedPush(
  ctx: ServiceContext,
  job: SyncJob,
  read: PushReads | undefined,
): CredentialRecord | null {
  const pre = read?.(job)
  if (!pre) return null
  const { record, status } = pre
  const current =
    record !== null &&
    record.deletedAt === null &&
    record.version === job.version &&
    attemptsSoFar(status, job) < ctx.sync.maxAttempts
  return current && statusWhilePushing(status, record, job) === null ? record : null
}

/**
 * Shows `syncing` in the region's indicator before the push starts, and returns the row to push.
 * A job for a version that is no longer the row's, or one whose last attempt (timed out, its
 * failure recorded) used up `maxAttempts`, is settled instead: null. The marks of jobs claimed
 * together commit in one grouped transaction.
 */
function markSyncing(ctx: ServiceContext, job: SyncJob): Promise<CredentialRecord | null> {
  return transactGrouped(ctx, job, async (tx) => {
    const record = await tx.credentials.get(job.accountId, job.credentialId)
    const status = await statusOf(tx, job)
    if (!record || record.version !== job.version || attemptsSoFar(status, job) >= ctx.sync.maxAttempts) {
      await settleJob(tx, job, { retryAt: null, attempts: job.attempts })
      return null
    }
    const next = statusWhilePushing(status, record, job)
    if (next) await tx.sync.putStatuses([next])
    return record
  })
}

/**
 * Records a confirmed push, its audit event and the job's settlement in one transaction. When the
 * event cannot be written that transaction rolls back whole (fail-closed: no `synced` without its
 * event) and `recordUnaudited` settles the status instead.
 */
async function recordPush(
  ctx: ServiceContext,
  job: SyncJob,
  pushed: CredentialRecord,
  observation: RegionObservation,
): Promise<JobOutcome> {
  return unlessAuditFails(ctx, job, false, () =>
    transactGrouped(ctx, job, async (tx): Promise<JobOutcome> => {
      const record = await tx.credentials.get(job.accountId, job.credentialId)
      const status = await statusOf(tx, job)
      // Whether or not a newer job replaced this one, what the region now holds is a fact worth
      // recording; `statusAfterPush` compares versions so it never regresses a newer record.
      await settleJob(tx, job, { retryAt: null, attempts: job.attempts })
      const next = statusAfterPush(status, record, job, observation, ctx.clock.now())
      if (next) await tx.sync.putStatuses([next])
      await auditOutcome(
        tx,
        ctx,
        job,
        record ?? pushed,
        'credential.synced',
        `version ${observation.version} in place`,
      )
      return next?.state === 'synced' ? 'synced' : 'pushed-older'
    }),
  )
}

async function runRemove(ctx: ServiceContext, job: SyncJob, call: RegionCall): Promise<JobOutcome> {
  const ref = { accountId: job.accountId, credentialId: job.credentialId, type: job.credentialType }
  if (!(await call.ready())) {
    call.ended()
    return handBack(ctx, job)
  }
  try {
    await withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) =>
      ctx.regions.remove(job.region, ref, { signal }),
    )
  } catch (error) {
    call.ended()
    return recordFailure(ctx, job, null, regionFailure(error), error instanceof RegionCallTimeout)
  }
  call.ended()
  return unlessAuditFails(ctx, job, false, () =>
    transactGrouped(ctx, job, async (tx): Promise<JobOutcome> => {
      await settleJob(tx, job, { retryAt: null, attempts: job.attempts })
      const record = await tx.credentials.get(job.accountId, job.credentialId)
      // A row gone or soft-deleted loses its status (a restore pushes again); ids are never reused.
      if (!record || record.deletedAt !== null)
        await tx.sync.deleteStatus(job.accountId, job.credentialId, job.region)
      await auditOutcome(tx, ctx, job, record, 'credential.removed-from-region')
      return 'removed'
    }),
  )
}
