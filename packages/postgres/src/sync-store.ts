import {
  compareCodePoints,
  type RegionKey,
  type RegionStatusRecord,
  type SyncJob,
  type SyncStore,
} from '@credkit/core'
import { valuesList } from './batch.js'
import type { Db } from './db.js'
import { json, toJob, toStatus } from './rows.js'

const STATUS_COLUMNS = `account_id, credential_id, region, state, version, target_version, content_hash,
  last_synced_at, error_message, error_at, attempts, next_attempt_at, issuance, error_status, error_reason`
const JOB_COLUMNS = `account_id, credential_id, region, credential_type, credential_name, token, action, version,
  attempts, run_at, reason, lease_owner, lease_expires_at`
const KEY = 'account_id = $1 AND credential_id = $2 AND region = $3'
/** The rows of account `$1` at the (credential, region) pairs of `$2` and `$3`: one primary-key lookup each. */
const AT_KEYS = `account_id = $1 AND (credential_id, region) IN (SELECT * FROM unnest($2::text[], $3::text[]))`
const keyParams = (accountId: string, keys: ReadonlyArray<RegionKey>) => [
  accountId,
  keys.map((k) => k.credentialId),
  keys.map((k) => k.region),
]
const STATUS_CASTS = ['', '', '', '', '', '', '', '', '', '', '', '', '::jsonb']

const statusParams = (s: RegionStatusRecord): unknown[] => [
  s.accountId,
  s.credentialId,
  s.region,
  s.state,
  s.version,
  s.targetVersion,
  s.contentHash,
  s.lastSyncedAt,
  s.error?.message ?? null,
  s.error?.at ?? null,
  s.attempts,
  s.nextAttemptAt,
  json(s.issuance),
  s.error?.status ?? null,
  s.error?.reason ?? null,
]

const jobParams = (job: SyncJob): unknown[] => [
  job.accountId,
  job.credentialId,
  job.region,
  job.credentialType,
  job.credentialName,
  job.token,
  job.action,
  job.version,
  job.attempts,
  job.runAt,
  job.reason,
  job.leaseOwner,
  job.leaseExpiresAt,
]

/**
 * Active regions, statuses and the job outbox, stored as the core writes them; `claim` leases
 * with `FOR UPDATE SKIP LOCKED` and gives every lease a new token, so a worker whose lease expired
 * can no longer settle the job.
 */
export function postgresSyncStore(db: Db): SyncStore {
  return {
    async listRegions(accountId) {
      const { rows } = await db.query(
        'sync.listRegions',
        'SELECT region FROM credkit_active_regions WHERE account_id = $1 ORDER BY region',
        [accountId],
      )
      return rows.map((row) => row['region'] as string)
    },
    async addRegion(accountId, region) {
      const result = await db.query(
        'sync.addRegion',
        'INSERT INTO credkit_active_regions (account_id, region) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [accountId, region],
      )
      return result.rowCount === 1
    },
    async listStatuses(accountId, credentialIds) {
      if (credentialIds.length === 0) return []
      const { rows } = await db.query(
        'sync.listStatuses',
        `SELECT ${STATUS_COLUMNS} FROM credkit_region_statuses
         WHERE account_id = $1 AND credential_id = ANY ($2::text[])`,
        [accountId, [...credentialIds]],
      )
      return rows.map(toStatus).sort(byCredentialThenRegion)
    },
    async getStatuses(accountId, keys) {
      if (keys.length === 0) return []
      const { rows } = await db.query(
        'sync.getStatuses',
        `SELECT ${STATUS_COLUMNS} FROM credkit_region_statuses WHERE ${AT_KEYS}`,
        keyParams(accountId, keys),
      )
      return rows.map(toStatus).sort(byCredentialThenRegion)
    },
    async listRegionStatuses(accountId, region) {
      const { rows } = await db.query(
        'sync.listRegionStatuses',
        `SELECT ${STATUS_COLUMNS} FROM credkit_region_statuses
         WHERE account_id = $1 AND region = $2 ORDER BY credential_id`,
        [accountId, region],
      )
      return rows.map(toStatus)
    },
    async putStatuses(statuses) {
      if (statuses.length === 0) return
      const { text, values } = valuesList(statuses.map(statusParams), STATUS_CASTS)
      await db.query(
        'sync.putStatuses',
        `INSERT INTO credkit_region_statuses (${STATUS_COLUMNS}) VALUES ${text}
         ON CONFLICT (account_id, credential_id, region) DO UPDATE SET state = EXCLUDED.state,
           version = EXCLUDED.version, target_version = EXCLUDED.target_version,
           content_hash = EXCLUDED.content_hash, last_synced_at = EXCLUDED.last_synced_at,
           error_message = EXCLUDED.error_message, error_at = EXCLUDED.error_at, attempts = EXCLUDED.attempts,
           next_attempt_at = EXCLUDED.next_attempt_at, issuance = EXCLUDED.issuance,
           error_status = EXCLUDED.error_status, error_reason = EXCLUDED.error_reason`,
        values,
      )
    },
    async deleteStatus(accountId, credentialId, region) {
      await db.query('sync.deleteStatus', `DELETE FROM credkit_region_statuses WHERE ${KEY}`, [
        accountId,
        credentialId,
        region,
      ])
    },
    async listJobs(accountId, credentialIds) {
      if (credentialIds.length === 0) return []
      const { rows } = await db.query(
        'sync.listJobs',
        `SELECT ${JOB_COLUMNS} FROM credkit_sync_jobs
         WHERE account_id = $1 AND credential_id = ANY ($2::text[])`,
        [accountId, [...credentialIds]],
      )
      return rows.map(toJob).sort(byCredentialThenRegion)
    },
    async getJobs(accountId, keys) {
      if (keys.length === 0) return []
      const { rows } = await db.query(
        'sync.getJobs',
        `SELECT ${JOB_COLUMNS} FROM credkit_sync_jobs WHERE ${AT_KEYS}`,
        keyParams(accountId, keys),
      )
      return rows.map(toJob).sort(byCredentialThenRegion)
    },
    async putJobs(jobs) {
      if (jobs.length === 0) return
      const { text, values } = valuesList(jobs.map(jobParams))
      await db.query(
        'sync.putJobs',
        `INSERT INTO credkit_sync_jobs (${JOB_COLUMNS}) VALUES ${text}
         ON CONFLICT (account_id, credential_id, region) DO UPDATE SET credential_type = EXCLUDED.credential_type,
           credential_name = EXCLUDED.credential_name, token = EXCLUDED.token, action = EXCLUDED.action,
           version = EXCLUDED.version, attempts = EXCLUDED.attempts, run_at = EXCLUDED.run_at,
           reason = EXCLUDED.reason, lease_owner = EXCLUDED.lease_owner, lease_expires_at = EXCLUDED.lease_expires_at`,
        values,
      )
    },
    async deleteJobs(keys) {
      if (keys.length === 0) return
      await db.query(
        'sync.deleteJobs',
        `DELETE FROM credkit_sync_jobs WHERE (account_id, credential_id, region) IN
           (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
        [keys.map((k) => k.accountId), keys.map((k) => k.credentialId), keys.map((k) => k.region)],
      )
    },
    async claim(now, { owner, leaseMs, limit, accountId, credentialId, region }) {
      const { rows } = await db.query(
        'sync.claim',
        `WITH due AS (
           SELECT account_id, credential_id, region FROM credkit_sync_jobs
           WHERE run_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
             AND ($5::text IS NULL OR account_id = $5) AND ($6::text IS NULL OR credential_id = $6)
             AND ($7::text IS NULL OR region = $7)
           ORDER BY run_at, account_id, credential_id, region
           LIMIT $4
           FOR UPDATE SKIP LOCKED
         )
         UPDATE credkit_sync_jobs AS j SET lease_owner = $2, lease_expires_at = $3, token = gen_random_uuid()::text
         FROM due WHERE j.account_id = due.account_id AND j.credential_id = due.credential_id
           AND j.region = due.region
         RETURNING ${JOB_COLUMNS.replace(/(\w+)/g, 'j.$1')}`,
        [
          now,
          owner,
          new Date(now.getTime() + leaseMs),
          limit,
          accountId ?? null,
          credentialId ?? null,
          region ?? null,
        ],
      )
      return rows.map(toJob).sort(byRunAtThenKey)
    },
  }
}

/**
 * The order of `listStatuses` and `listJobs`, sorted here: an `ORDER BY` matching the primary key
 * can lead the planner to walk the whole account's range in key order and filter the ids, instead
 * of one index lookup per id.
 */
function byCredentialThenRegion(
  a: { credentialId: string; region: string },
  b: { credentialId: string; region: string },
): number {
  return compareCodePoints(a.credentialId, b.credentialId) || compareCodePoints(a.region, b.region)
}

/** The order of the claim query: `run_at`, then the key in code point order (`COLLATE "C"`). */
function byRunAtThenKey(a: SyncJob, b: SyncJob): number {
  return (
    a.runAt.getTime() - b.runAt.getTime() ||
    compareCodePoints(a.accountId, b.accountId) ||
    compareCodePoints(a.credentialId, b.credentialId) ||
    compareCodePoints(a.region, b.region)
  )
}
