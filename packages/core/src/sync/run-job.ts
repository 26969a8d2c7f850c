import type { ServiceContext } from '../context/context.js'
import { transactGrouped } from '../context/grouped-transact.js'
import { autocommit } from '../context/transact.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { SyncJob } from '../model/sync-records.js'
import type { MaterializedCredential, RegionObservation } from '../ports/region-port.js'
import type { StorageTx } from '../ports/storage-port.js'
import { RegionError } from '../region-error.js'
import { auditOutcome, type JobOutcome, statusOf } from './job-outcome.js'
import { settleJob } from './jobs.js'
import { type Materializer, materialize } from './materialize.js'
import { type PushReads, readForPush } from './push-reads.js'
import { type Failure, recordFailure, unlessAuditFails } from './record-failure.js'
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
  | { kind: 'pushed'; observation: RegionObservation }
  | { kind: 'newer' }
  | { kind: 'failed'; failure: Failure; timedOut: boolean }

/** How `runJob` builds what it pushes, and whom it tells that the region call is over. */
export interface RunJobOptions {
  /** Builds what a region receives (default `materialize`; a run shares a cache of it). */
  readonly build?: Materializer
  /**
   * Called once, when the region call has ended or was never made: the job's slot is free while
   * its outcome is still being recorded.
   */
  readonly onCallEnded?: () => void
  /** The read a push is decided on, made with the claim (`readForPush`; default: a read of its own). */
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
  const callEnded = () => {
    if (ended) return
    ended = true
    options.onCallEnded?.()
  }
  try {
    return job.action === 'remove'
      ? await runRemove(ctx, job, callEnded)
      : await runApply(
          ctx,
          job,
          options.build ?? ((record) => materialize(ctx, record)),
          options.read ?? (await autocommit(ctx, (tx) => readForPush(tx, [job]))),
          callEnded,
        )
  } finally {
    callEnded()
  }
}

async function runApply(
  ctx: ServiceContext,
  job: SyncJob,
  build: Materializer,
  read: PushReads,
  callEnded: () => void,
): Promise<JobOutcome> {
  const record = await rowToPush(ctx, job, read)
  if (record === null) return 'stale'
  // The `syncing` mark is written while the push runs; the outcome is recorded after it (the
  // units of an account run in the order they were queued), so it never overwrites the outcome.
  void transactGrouped(ctx, job, (tx) => markSyncing(tx, job)).catch(() => undefined)
  let credential: MaterializedCredential | null = null
  let attempt: Attempt
  try {
    credential = await build(record)
    const pushed = credential
    const observation = await withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) =>
      ctx.regions.apply(job.region, pushed, { signal }),
    )
    if (observation.version > job.version) attempt = { kind: 'newer' }
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
  callEnded()
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
 * The row to push for `job`, from a read without a transaction (`readForPush`). A job for a
 * version that is no longer the row's (the row only moves forward), or one whose last attempt
 * (timed out, its failure recorded) used up `maxAttempts`, is settled instead: null.
 */
async function rowToPush(
  ctx: ServiceContext,
  job: SyncJob,
  read: PushReads,
): Promise<CredentialRecord | null> {
  const { record, status } = read(job)
  if (record && record.version === job.version && attemptsSoFar(status, job) < ctx.sync.maxAttempts)
    return record
  await transactGrouped(ctx, job, (tx) => settleJob(tx, job, { retryAt: null, attempts: job.attempts }))
  return null
}

/**
 * Shows `syncing` in the region's indicator while the push is under way, when the status still
 * waits for this job's version and the row has not moved on.
 */
async function markSyncing(tx: StorageTx, job: SyncJob): Promise<void> {
  const record = await tx.credentials.get(job.accountId, job.credentialId)
  const next = statusWhilePushing(await statusOf(tx, job), record, job)
  if (next) await tx.sync.putStatuses([next])
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

async function runRemove(ctx: ServiceContext, job: SyncJob, callEnded: () => void): Promise<JobOutcome> {
  const ref = { accountId: job.accountId, credentialId: job.credentialId, type: job.credentialType }
  try {
    await withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) =>
      ctx.regions.remove(job.region, ref, { signal }),
    )
  } catch (error) {
    callEnded()
    return recordFailure(ctx, job, null, regionFailure(error), error instanceof RegionCallTimeout)
  }
  callEnded()
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
