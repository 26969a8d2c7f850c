import { appendAuditEvent } from '../audit/append-event.js'
import type { CredentialRecord } from '../domain/records.js'
import { isCredentialsError } from '../errors.js'
import type { MaterializedCredential, RegionObservation } from '../ports/region-port.js'
import type { StorageTx } from '../ports/storage-port.js'
import { RegionError } from '../region-error.js'
import { auditRef, type ServiceContext, transact } from '../service/context.js'
import { retryAt } from './backoff.js'
import { materialize } from './materialize.js'
import type { RegionFailure, RegionStatusRecord, SyncJob } from './records.js'
import { regionFailure, secretPatterns } from './sanitize.js'
import {
  attemptsSoFar,
  statusAfterFailure,
  statusAfterPush,
  statusAfterRegionAhead,
  statusWhilePushing,
} from './status-transitions.js'
import { RegionCallTimeout, withTimeout } from './timeout.js'

/**
 * What running one job did. `stale`: a newer job or a removal superseded it, the region already
 * held a newer version, or the job had used up its attempts (a timed-out call's job coming back
 * after its lease); nothing was pushed. `pushed-older`: the push landed but the credential moved
 * on meanwhile.
 */
export type JobOutcome = 'synced' | 'pushed-older' | 'failed' | 'removed' | 'stale'

type Attempt =
  | { kind: 'pushed'; observation: RegionObservation }
  | { kind: 'newer' }
  | { kind: 'failed'; failure: Failure; timedOut: boolean }

/** A failure before its time is known. */
type Failure = Omit<RegionFailure, 'at'>

/**
 * What the status records when the audit event of an outcome could not be written. The outcome
 * itself is not recorded (no `synced` without its event); the job retries with backoff.
 */
const AUDIT_FAILED: Failure = {
  status: null,
  reason: 'AuditFailed',
  message: 'the outcome could not be written to the audit log; retrying',
}

/** The audit message of a failure: status and reason, then the message (`403 Forbidden: ...`). */
function failureNote(failure: Failure): string {
  const head = [failure.status, failure.reason].filter((part) => part !== null).join(' ')
  return head.length > 0 ? `${head}: ${failure.message}` : failure.message
}

/**
 * The audit event of one region outcome: actor `system` with the job's reason, the credential
 * from its row when there still is one (a removal runs after the row is gone).
 */
function auditOutcome(
  tx: StorageTx,
  ctx: ServiceContext,
  job: SyncJob,
  record: CredentialRecord | null,
  action: 'credential.synced' | 'credential.sync-failed' | 'credential.removed-from-region',
  message?: string,
): Promise<unknown> {
  return appendAuditEvent(tx, ctx, job.accountId, {
    actor: { type: 'system', reason: job.reason },
    action,
    credential: record
      ? auditRef(record)
      : { id: job.credentialId, type: job.credentialType, name: job.credentialName },
    region: job.region,
    outcome: action === 'credential.sync-failed' ? 'failure' : 'success',
    message: message ?? null,
  })
}

async function statusOf(tx: Pick<StorageTx, 'sync'>, job: SyncJob): Promise<RegionStatusRecord | null> {
  const statuses = await tx.sync.listStatuses(job.accountId, [job.credentialId])
  return statuses.find((status) => status.region === job.region) ?? null
}

/**
 * Processes one claimed job: pushes or removes the credential in its region, then records the
 * outcome, the audit event and the job's settlement in one transaction. Region failures are
 * recorded (sanitised) and retried with backoff; a timed-out call keeps the job leased until the
 * lease expires (see `recordFailure`); a storage failure rejects and the job comes back when its
 * lease expires. Every path that marked the status `syncing` writes another state, unless the
 * job was superseded (the newer job or the removal owns the status then).
 */
export function runJob(ctx: ServiceContext, job: SyncJob): Promise<JobOutcome> {
  return job.action === 'remove' ? runRemove(ctx, job) : runApply(ctx, job)
}

async function runApply(ctx: ServiceContext, job: SyncJob): Promise<JobOutcome> {
  const record = await ctx.storage.credentials.get(job.accountId, job.credentialId)
  if (!record || record.version !== job.version) {
    await ctx.storage.sync.settle(job, { retryAt: null, attempts: job.attempts })
    return 'stale'
  }
  if (attemptsSoFar(await statusOf(ctx.storage, job), job) >= ctx.sync.maxAttempts) {
    // A timed-out last attempt left the job leased; its failure is recorded, the job ends here.
    await ctx.storage.sync.settle(job, { retryAt: null, attempts: job.attempts })
    return 'stale'
  }
  await markSyncing(ctx, job)
  let credential: MaterializedCredential | null = null
  let attempt: Attempt
  try {
    credential = await materialize(ctx, record)
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
  if (attempt.kind === 'failed') return recordFailure(ctx, job, record, attempt.failure, attempt.timedOut)
  if (attempt.kind === 'pushed') return recordPush(ctx, job, record, attempt.observation)
  // The region already holds a newer version than this job's (a newer job pushed it, or the
  // region is ahead of the row): nothing to push. The `syncing` mark is taken back.
  return transact(ctx, job.accountId, async (tx): Promise<JobOutcome> => {
    const settled = await tx.sync.settle(job, { retryAt: null, attempts: job.attempts })
    const record = await tx.credentials.get(job.accountId, job.credentialId)
    const next = statusAfterRegionAhead(await statusOf(tx, job), record, job, settled)
    if (next) await tx.sync.putStatus(next)
    return 'stale'
  })
}

/** Shows `syncing` in the region's indicator while the push is under way. */
async function markSyncing(ctx: ServiceContext, job: SyncJob): Promise<void> {
  await transact(ctx, job.accountId, async (tx) => {
    const next = statusWhilePushing(
      await statusOf(tx, job),
      await tx.credentials.get(job.accountId, job.credentialId),
      job,
    )
    if (next) await tx.sync.putStatus(next)
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
    transact(ctx, job.accountId, async (tx): Promise<JobOutcome> => {
      const record = await tx.credentials.get(job.accountId, job.credentialId)
      const status = await statusOf(tx, job)
      // Whether or not a newer job replaced this one, what the region now holds is a fact worth
      // recording; `statusAfterPush` compares versions so it never regresses a newer record.
      await tx.sync.settle(job, { retryAt: null, attempts: job.attempts })
      const next = statusAfterPush(status, record, job, observation, ctx.clock.now())
      if (next) await tx.sync.putStatus(next)
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

/**
 * Runs the transaction that records an outcome with its audit event; when the event could not be
 * written (`AUDIT_FAILED`, the transaction rolled back), records `recordUnaudited` instead.
 */
async function unlessAuditFails(
  ctx: ServiceContext,
  job: SyncJob,
  timedOut: boolean,
  record: () => Promise<JobOutcome>,
): Promise<JobOutcome> {
  try {
    return await record()
  } catch (error) {
    if (!isCredentialsError(error, 'AUDIT_FAILED')) throw error
    return recordUnaudited(ctx, job, timedOut)
  }
}

/**
 * The outcome of `job` could not be audited. Without a second write the status would show the
 * `syncing` mark of this attempt until the lease expires. Instead, a transaction without an audit
 * event records the failure `AuditFailed` (not the outcome: the region may hold the new version,
 * but the status never says `synced` unless the event saying so was written) and schedules a
 * retry with backoff like any failure; the retry's push is a no-op and records the outcome with its
 * event once the audit log accepts it. A timed-out call keeps its lease (`recordFailure`). When
 * this write fails too, the storage is down: the job comes back when its lease expires.
 */
async function recordUnaudited(ctx: ServiceContext, job: SyncJob, timedOut: boolean): Promise<JobOutcome> {
  await transact(ctx, job.accountId, (tx) => writeFailure(tx, ctx, job, AUDIT_FAILED, timedOut))
  return 'failed'
}

/**
 * Records a failed region call and its audit event. A call that failed on its own settles the job
 * for a retry with backoff. A call that timed out may still be running in the region: the job is
 * not settled and keeps its lease, so neither a retry, a newer push nor a removal (enqueueing
 * keeps the lease) starts before the lease expires; the status shows the next attempt at the
 * lease's expiry.
 */
async function recordFailure(
  ctx: ServiceContext,
  job: SyncJob,
  pushed: CredentialRecord | null,
  failure: Failure,
  timedOut: boolean,
): Promise<JobOutcome> {
  return unlessAuditFails(ctx, job, timedOut, () =>
    transact(ctx, job.accountId, async (tx): Promise<JobOutcome> => {
      const record = await writeFailure(tx, ctx, job, failure, timedOut)
      const note = job.action === 'remove' ? `removal failed: ${failureNote(failure)}` : failureNote(failure)
      await auditOutcome(tx, ctx, job, record ?? pushed, 'credential.sync-failed', note)
      return 'failed'
    }),
  )
}

/**
 * Settles `job` after a failure (see `recordFailure`) and writes the failure into the status of an
 * apply. Returns the credential's row as read in `tx`.
 */
async function writeFailure(
  tx: StorageTx,
  ctx: ServiceContext,
  job: SyncJob,
  failure: Failure,
  timedOut: boolean,
): Promise<CredentialRecord | null> {
  const now = ctx.clock.now()
  const status = await statusOf(tx, job)
  const attempts = (job.action === 'apply' ? attemptsSoFar(status, job) : job.attempts) + 1
  // Removals retry forever (capped backoff): a deleted credential must leave every region.
  const exhausted = job.action === 'apply' && attempts >= ctx.sync.maxAttempts
  let next: Date | null
  let current: boolean
  if (timedOut) {
    next = exhausted ? null : (job.leaseExpiresAt ?? retryAt(now, ctx.sync, attempts, ctx.random))
    const held = (await tx.sync.listJobs(job.accountId, job.credentialId)).find(
      (j) => j.region === job.region,
    )
    current = held?.token === job.token
  } else {
    next = exhausted ? null : retryAt(now, ctx.sync, attempts, ctx.random)
    current = await tx.sync.settle(job, { retryAt: next, attempts })
  }
  const record = await tx.credentials.get(job.accountId, job.credentialId)
  if (job.action === 'apply') {
    const failed = statusAfterFailure(
      status,
      record,
      job,
      { error: { ...failure, at: now }, attempts, nextAttemptAt: next },
      current,
    )
    if (failed) await tx.sync.putStatus(failed)
  }
  return record
}

async function runRemove(ctx: ServiceContext, job: SyncJob): Promise<JobOutcome> {
  const ref = { accountId: job.accountId, credentialId: job.credentialId, type: job.credentialType }
  try {
    await withTimeout(ctx.clock, ctx.sync.callTimeoutMs, (signal) =>
      ctx.regions.remove(job.region, ref, { signal }),
    )
  } catch (error) {
    return recordFailure(ctx, job, null, regionFailure(error), error instanceof RegionCallTimeout)
  }
  return unlessAuditFails(ctx, job, false, () =>
    transact(ctx, job.accountId, async (tx): Promise<JobOutcome> => {
      await tx.sync.settle(job, { retryAt: null, attempts: job.attempts })
      const record = await tx.credentials.get(job.accountId, job.credentialId)
      // Only a row that no longer exists loses its status; ids are never reused.
      if (!record) await tx.sync.deleteStatus(job.accountId, job.credentialId, job.region)
      await auditOutcome(tx, ctx, job, record, 'credential.removed-from-region')
      return 'removed'
    }),
  )
}
