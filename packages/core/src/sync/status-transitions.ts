import type { CredentialRecord } from '../model/credential-records.js'
import type { RegionFailure, RegionStatusRecord, SyncJob } from '../model/sync-records.js'
import type { RegionObservation } from '../ports/region-port.js'

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
 * nothing (the status already records a newer held version). A deleted row only loses a
 * `syncing` mark (`statusOfDeleted`).
 */
export function statusAfterPush(
  status: RegionStatusRecord | null,
  record: CredentialRecord | null,
  job: SyncJob,
  observation: RegionObservation,
  now: Date,
): RegionStatusRecord | null {
  if (isGone(record)) return statusOfDeleted(status)
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
 * is kept. Null: write nothing. A deleted row only loses a `syncing` mark (`statusOfDeleted`).
 */
export function statusAfterFailure(
  status: RegionStatusRecord | null,
  record: CredentialRecord | null,
  job: SyncJob,
  failure: { error: RegionFailure; attempts: number; nextAttemptAt: Date | null },
  settled: boolean,
): RegionStatusRecord | null {
  if (isGone(record)) return statusOfDeleted(status)
  if (!settled || record.version !== job.version) return null
  return {
    ...(status ?? blank(job, record)),
    state: 'error',
    targetVersion: record.version,
    error: failure.error,
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
  if (!status || isGone(record) || record.version !== job.version || status.targetVersion !== job.version)
    return null
  return status.state === 'synced' || status.state === 'syncing' ? null : { ...status, state: 'syncing' }
}

/**
 * After the region answered a push of `job` with a newer version than the job's: the job ends
 * without a push. A `syncing` mark this job set (the status still waits for its version) goes
 * back to `not-synced`, so no status is left `syncing` once no worker is pushing. Null: write
 * nothing (the job was superseded, or the status is not this job's). A deleted row only loses a
 * `syncing` mark (`statusOfDeleted`).
 */
export function statusAfterRegionAhead(
  status: RegionStatusRecord | null,
  record: CredentialRecord | null,
  job: SyncJob,
  settled: boolean,
): RegionStatusRecord | null {
  if (isGone(record)) return statusOfDeleted(status)
  if (!status || !settled || status.targetVersion !== job.version || status.state !== 'syncing') return null
  return { ...status, state: 'not-synced' }
}

/** A row purged or soft-deleted: its regions are being emptied, no push of it counts. */
function isGone(record: CredentialRecord | null): record is null {
  return record === null || record.deletedAt !== null
}

/**
 * The status of a deleted credential once a push of it ended: a `syncing` mark left by that push
 * becomes `not-synced` (no apply job of a deleted row runs again, so none can own the mark); the
 * status itself goes when the removal lands. Null: write nothing.
 */
function statusOfDeleted(status: RegionStatusRecord | null): RegionStatusRecord | null {
  return status?.state === 'syncing' ? { ...status, state: 'not-synced' } : null
}

/**
 * Failed attempts of `job` so far. A timed-out call leaves its job leased without settling it, so
 * the job's own count lags; the status of the same target version records the failure.
 */
export function attemptsSoFar(status: RegionStatusRecord | null, job: SyncJob): number {
  const recorded = status && status.targetVersion === job.version ? status.attempts : 0
  return Math.max(job.attempts, recorded)
}
