import { randomUUID } from 'node:crypto'
import type { SyncJob, SyncStore } from '@credkit/core'
import type { Db } from './db.js'
import { json, toDateOrNull, toJob, toStatus } from './rows.js'

const STATUS_COLUMNS = `account_id, credential_id, region, state, version, target_version, content_hash,
  last_synced_at, error_message, error_at, attempts, next_attempt_at, issuance, error_status, error_reason`
const JOB_COLUMNS = `account_id, credential_id, region, credential_type, credential_name, token, action, version,
  attempts, run_at, reason, lease_owner, lease_expires_at`
const JOB_KEY = 'account_id = $1 AND credential_id = $2 AND region = $3'

/**
 * Active regions, statuses and the job outbox; `claim` leases with `FOR UPDATE SKIP LOCKED` and
 * gives every lease a new token, so a worker whose lease expired can no longer settle the job.
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
      const { rows } = await db.query(
        'sync.listStatuses',
        `SELECT ${STATUS_COLUMNS} FROM credkit_region_statuses
         WHERE account_id = $1 AND ($2::text[] IS NULL OR credential_id = ANY ($2::text[]))
         ORDER BY credential_id, region`,
        [accountId, credentialIds === undefined ? null : [...credentialIds]],
      )
      return rows.map(toStatus)
    },
    async putStatus(s) {
      await db.query(
        'sync.putStatus',
        `INSERT INTO credkit_region_statuses (${STATUS_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15)
         ON CONFLICT (account_id, credential_id, region) DO UPDATE SET state = EXCLUDED.state,
           version = EXCLUDED.version, target_version = EXCLUDED.target_version,
           content_hash = EXCLUDED.content_hash, last_synced_at = EXCLUDED.last_synced_at,
           error_message = EXCLUDED.error_message, error_at = EXCLUDED.error_at, attempts = EXCLUDED.attempts,
           next_attempt_at = EXCLUDED.next_attempt_at, issuance = EXCLUDED.issuance,
           error_status = EXCLUDED.error_status, error_reason = EXCLUDED.error_reason`,
        [
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
        ],
      )
    },
    async deleteStatus(accountId, credentialId, region) {
      await db.query('sync.deleteStatus', `DELETE FROM credkit_region_statuses WHERE ${JOB_KEY}`, [
        accountId,
        credentialId,
        region,
      ])
    },
    async enqueue(job) {
      // A replaced job keeps its lease: the worker pushing the older version finishes first.
      await db.query(
        'sync.enqueue',
        `INSERT INTO credkit_sync_jobs (${JOB_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL)
         ON CONFLICT (account_id, credential_id, region) DO UPDATE SET credential_type = EXCLUDED.credential_type,
           credential_name = EXCLUDED.credential_name, token = EXCLUDED.token,
           action = EXCLUDED.action, version = EXCLUDED.version, attempts = EXCLUDED.attempts,
           run_at = EXCLUDED.run_at, reason = EXCLUDED.reason`,
        [
          job.accountId,
          job.credentialId,
          job.region,
          job.credentialType,
          job.credentialName,
          randomUUID(),
          job.action,
          job.version,
          job.attempts,
          job.runAt,
          job.reason,
        ],
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
    async settle(job, { retryAt, attempts }) {
      const key = [job.accountId, job.credentialId, job.region]
      return db.atomic(async (tx) => {
        const { rows } = await tx.query(
          'sync.settle',
          `SELECT token, lease_owner, lease_expires_at FROM credkit_sync_jobs WHERE ${JOB_KEY} FOR UPDATE`,
          key,
        )
        const current = rows[0]
        if (!current) return false
        if (current['token'] !== job.token) {
          // Release only the lease this worker still holds (a replaced job keeps it); a lease
          // taken since by another claim, even by the same owner, has another expiry: left alone.
          const expiresAt = toDateOrNull(current['lease_expires_at'])
          if (
            current['lease_owner'] === job.leaseOwner &&
            expiresAt?.getTime() === job.leaseExpiresAt?.getTime()
          ) {
            await tx.query(
              'sync.settle',
              `UPDATE credkit_sync_jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE ${JOB_KEY}`,
              key,
            )
          }
          return false
        }
        if (retryAt === null) {
          await tx.query('sync.settle', `DELETE FROM credkit_sync_jobs WHERE ${JOB_KEY}`, key)
        } else {
          await tx.query(
            'sync.settle',
            `UPDATE credkit_sync_jobs SET run_at = $4, attempts = $5, lease_owner = NULL, lease_expires_at = NULL
             WHERE ${JOB_KEY}`,
            [...key, retryAt, attempts],
          )
        }
        return true
      })
    },
    async listJobs(accountId, credentialId) {
      const { rows } = await db.query(
        'sync.listJobs',
        `SELECT ${JOB_COLUMNS} FROM credkit_sync_jobs WHERE account_id = $1 AND credential_id = $2 ORDER BY region`,
        [accountId, credentialId],
      )
      return rows.map(toJob)
    },
  }
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

/** UTF-8 byte order is code point order (JS `<` compares UTF-16 code units, which differs). */
function compareCodePoints(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
