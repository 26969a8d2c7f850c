import type { CredentialRecord } from '../domain/records.js'
import type { RegionObservation } from '../ports/region-port.js'
import type { RegionStatusRecord, SyncJob } from './records.js'

// Pure rules for what a finished job may write into the status of (credential, region). They run
// inside the transaction that settles the job, on the row and status read there, so a job that
// lost a race can never regress what a newer job recorded.

/** A status for a credential the region has never seen. */
function blank(job: SyncJob, record: CredentialRecord): RegionStatusRecord {
  return {
    accountId: job.accountId,
    credentialId: job.credentialId,
    region: job.region,
    state: 'not-synced',
    version: null,
    targetVersion: record.version,
    contentHash: null,
    lastSyncedAt: null,
    error: null,
    attempts: 0,
    nextAttemptAt: null,
    issuance: null,
  }
}

/**
 * After the region confirmed holding `observation` for `job`. `synced` only when the row is still
 * at the observed version; when the row moved on, the region's (older) version is recorded as
 * held but the state stays `not-synced`, and the newer job's bookkeeping is kept. Null: write
 * nothing (the row is gone, or the status already records a newer held version).
 */
export function statusAfterPush(
  status: RegionStatusRecord | null,
  record: CredentialRecord | null,
  job: SyncJob,
  observation: RegionObservation,
  now: Date,
): RegionStatusRecord | null {
  if (!record) return null
  if (status?.version != null && status.version > observation.version) return null
  const base = status ?? blank(job, record)
  const held = {
    version: observation.version,
    contentHash: observation.contentHash,
    lastSyncedAt: now,
    issuance: observation.issuance ?? base.issuance,
    targetVersion: record.version,
  }
  if (record.version === observation.version) {
    return { ...base, ...held, state: 'synced', error: null, attempts: 0, nextAttemptAt: null }
  }
  return { ...base, ...held, state: base.state === 'synced' ? 'not-synced' : base.state }
}

/**
 * After a failed push of `job`. Written only when the job is still the current one (`settled`) for
 * the row's version; what the region holds (`version`, `contentHash`, `lastSyncedAt`, issuance)
 * is kept. Null: write nothing.
 */
export function statusAfterFailure(
  status: RegionStatusRecord | null,
  record: CredentialRecord | null,
  job: SyncJob,
  failure: { message: string; at: Date; attempts: number; nextAttemptAt: Date | null },
  settled: boolean,
): RegionStatusRecord | null {
  if (!record || !settled || record.version !== job.version) return null
  return {
    ...(status ?? blank(job, record)),
    state: 'error',
    targetVersion: record.version,
    error: { message: failure.message, at: failure.at },
    attempts: failure.attempts,
    nextAttemptAt: failure.nextAttemptAt,
  }
}

/**
 * When a worker starts pushing `job`: `syncing`, but only while the job is still the one the
 * status waits for (same target version, row unchanged). Null: write nothing.
 */
export function statusWhilePushing(
  status: RegionStatusRecord | null,
  record: CredentialRecord | null,
  job: SyncJob,
): RegionStatusRecord | null {
  if (!status || !record || record.version !== job.version || status.targetVersion !== job.version)
    return null
  return status.state === 'synced' || status.state === 'syncing' ? null : { ...status, state: 'syncing' }
}
