import { appendAuditEvent } from '../audit/append-event.js'
import type { AuditActor } from '../audit/records.js'
import type { CredentialRecord } from '../domain/records.js'
import type { MaterializedCredential, RegionObservation } from '../ports/region-port.js'
import type { StorageTx } from '../ports/storage-port.js'
import { auditRef, type ServiceContext, transact } from '../service/context.js'
import { retryAt } from './backoff.js'
import { materialize } from './materialize.js'
import type { RegionStatusRecord, SyncJob } from './records.js'
import { sanitizeError, secretStrings } from './sanitize.js'
import { statusAfterFailure, statusAfterPush, statusWhilePushing } from './status-transitions.js'
import { withTimeout } from './timeout.js'

/**
 * What running one job did. `stale`: a newer job or a removal superseded it, nothing was pushed
 * or recorded. `pushed-older`: the push landed but the credential moved on meanwhile.
 */
export type JobOutcome = 'synced' | 'pushed-older' | 'failed' | 'removed' | 'stale'

type Attempt =
  | { kind: 'pushed'; observation: RegionObservation }
  | { kind: 'newer' }
  | { kind: 'failed'; message: string }

const systemActor = (job: SyncJob): AuditActor => ({ type: 'system', reason: job.reason })

/** The audit reference of the job's credential, from the row when there still is one. */
const subject = (job: SyncJob, record: CredentialRecord | null) =>
  record ? auditRef(record) : { id: job.credentialId, type: job.credentialType, name: job.credentialName }

async function statusOf(tx: StorageTx, job: SyncJob): Promise<RegionStatusRecord | null> {
  const statuses = await tx.sync.listStatuses(job.accountId, [job.credentialId])
  return statuses.find((status) => status.region === job.region) ?? null
}

/**
 * Processes one claimed job: pushes or removes the credential in its region, then records the
 * outcome, the audit event and the job's settlement in one transaction. Region failures are
 * recorded (sanitised) and retried with backoff; a storage failure rejects and the job comes back
 * when its lease expires.
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
  await markSyncing(ctx, job)
  let credential: MaterializedCredential | null = null
  let attempt: Attempt
  try {
    credential = await materialize(ctx, record)
    const pushed = credential
    const observation = await withTimeout(ctx.sync.callTimeoutMs, () => ctx.regions.apply(job.region, pushed))
    if (observation.version > job.version) attempt = { kind: 'newer' }
    else if (observation.contentHash === pushed.contentHash) {
      // Same content: an adapter that skipped the write may still label it with an older version.
      attempt = { kind: 'pushed', observation: { ...observation, version: job.version } }
    } else throw new Error('region reported a different content hash')
  } catch (error) {
    attempt = { kind: 'failed', message: sanitizeError(error, secretStrings(credential)) }
  }
  if (attempt.kind === 'failed') return recordFailure(ctx, job, record, attempt.message)
  if (attempt.kind === 'pushed') return recordPush(ctx, job, record, attempt.observation)
  // The region already holds a newer version: the job that pushed it records it.
  await ctx.storage.sync.settle(job, { retryAt: null, attempts: job.attempts })
  return 'stale'
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

async function recordPush(
  ctx: ServiceContext,
  job: SyncJob,
  pushed: CredentialRecord,
  observation: RegionObservation,
): Promise<JobOutcome> {
  return transact(ctx, job.accountId, async (tx): Promise<JobOutcome> => {
    const record = await tx.credentials.get(job.accountId, job.credentialId)
    const status = await statusOf(tx, job)
    // Whether or not a newer job replaced this one, what the region now holds is a fact worth
    // recording; `statusAfterPush` compares versions so it never regresses a newer record.
    await tx.sync.settle(job, { retryAt: null, attempts: job.attempts })
    const next = statusAfterPush(status, record, job, observation, ctx.clock.now())
    if (next) await tx.sync.putStatus(next)
    await appendAuditEvent(tx, ctx, job.accountId, {
      actor: systemActor(job),
      action: 'credential.synced',
      credential: subject(job, record ?? pushed),
      region: job.region,
      outcome: 'success',
      message: `version ${observation.version} in place`,
    })
    return next?.state === 'synced' ? 'synced' : 'pushed-older'
  })
}

async function recordFailure(
  ctx: ServiceContext,
  job: SyncJob,
  pushed: CredentialRecord | null,
  message: string,
): Promise<JobOutcome> {
  return transact(ctx, job.accountId, async (tx): Promise<JobOutcome> => {
    const now = ctx.clock.now()
    const attempts = job.attempts + 1
    // Removals retry forever (capped backoff): a deleted credential must leave every region.
    const exhausted = job.action === 'apply' && attempts >= ctx.sync.maxAttempts
    const next = exhausted ? null : retryAt(now, ctx.sync, attempts, ctx.random)
    const settled = await tx.sync.settle(job, { retryAt: next, attempts })
    const record = await tx.credentials.get(job.accountId, job.credentialId)
    if (job.action === 'apply') {
      const status = statusAfterFailure(
        await statusOf(tx, job),
        record,
        job,
        { message, at: now, attempts, nextAttemptAt: next },
        settled,
      )
      if (status) await tx.sync.putStatus(status)
    }
    await appendAuditEvent(tx, ctx, job.accountId, {
      actor: systemActor(job),
      action: 'credential.sync-failed',
      credential: subject(job, record ?? pushed),
      region: job.region,
      outcome: 'failure',
      message: job.action === 'remove' ? `removal failed: ${message}` : message,
    })
    return 'failed'
  })
}

async function runRemove(ctx: ServiceContext, job: SyncJob): Promise<JobOutcome> {
  const ref = { accountId: job.accountId, credentialId: job.credentialId, type: job.credentialType }
  try {
    await withTimeout(ctx.sync.callTimeoutMs, () => ctx.regions.remove(job.region, ref))
  } catch (error) {
    return recordFailure(ctx, job, null, sanitizeError(error))
  }
  return transact(ctx, job.accountId, async (tx): Promise<JobOutcome> => {
    await tx.sync.settle(job, { retryAt: null, attempts: job.attempts })
    const record = await tx.credentials.get(job.accountId, job.credentialId)
    // Only a row that no longer exists loses its status; ids are never reused.
    if (!record) await tx.sync.deleteStatus(job.accountId, job.credentialId, job.region)
    await appendAuditEvent(tx, ctx, job.accountId, {
      actor: systemActor(job),
      action: 'credential.removed-from-region',
      credential: subject(job, record),
      region: job.region,
      outcome: 'success',
    })
    return 'removed'
  })
}
