import { retryAt } from '../context/backoff.js'
import type { ServiceContext } from '../context/context.js'
import { transactGrouped } from '../context/grouped-transact.js'
import { isCredentialsError } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionFailure, SyncJob } from '../model/sync-records.js'
import type { StorageTx } from '../ports/storage-port.js'
import { auditOutcome, type JobOutcome, statusOf } from './job-outcome.js'
import { currentJob, settleJob } from './jobs.js'
import { attemptsSoFar, statusAfterFailure } from './status-transitions.js'

/** A failure before its time is known. */
export type Failure = Omit<RegionFailure, 'at'>

/**
 * What the status records when the audit event of an outcome could not be written. The outcome
 * itself is not recorded (no `synced` without its event); the job retries with backoff.
 */
const AUDIT_FAILED: Failure = {
  status: null,
  reason: 'AuditFailed',
  message: 'the outcome could not be written to the audit log; retrying',
}

/** A failure as one line: status and reason, then the message (`403 Forbidden: ...`). */
export function formatRegionFailure(failure: Failure): string {
  const head = [failure.status, failure.reason].filter((part) => part !== null).join(' ')
  return head.length > 0 ? `${head}: ${failure.message}` : failure.message
}

/**
 * Runs the transaction that records an outcome with its audit event; when the event could not be
 * written (`AUDIT_FAILED`, the transaction rolled back), records `recordUnaudited` instead.
 */
export async function unlessAuditFails(
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
  await transactGrouped(ctx, job, (tx) => writeFailure(tx, ctx, job, AUDIT_FAILED, timedOut))
  return 'failed'
}

/**
 * Records a failed region call and its audit event. A call that failed on its own settles the job
 * for a retry with backoff. A call that timed out may still be running in the region: the job is
 * not settled and keeps its lease, so neither a retry, a newer push nor a removal (enqueueing
 * keeps the lease) starts before the lease expires; the status shows the next attempt at the
 * lease's expiry.
 */
export async function recordFailure(
  ctx: ServiceContext,
  job: SyncJob,
  pushed: CredentialRecord | null,
  failure: Failure,
  timedOut: boolean,
): Promise<JobOutcome> {
  return unlessAuditFails(ctx, job, timedOut, () =>
    transactGrouped(ctx, job, async (tx): Promise<JobOutcome> => {
      const record = await writeFailure(tx, ctx, job, failure, timedOut)
      const note =
        job.action === 'remove'
          ? `removal failed: ${formatRegionFailure(failure)}`
          : formatRegionFailure(failure)
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
    current = (await currentJob(tx, job))?.token === job.token
  } else {
    next = exhausted ? null : retryAt(now, ctx.sync, attempts, ctx.random)
    current = await settleJob(tx, job, { retryAt: next, attempts })
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
    if (failed) await tx.sync.putStatuses([failed])
  }
  return record
}
