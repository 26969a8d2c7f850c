import type { SyncAction } from '@credkit/core'
import type { PgQueryable, Row } from './client.js'
import { toDate, toDateOrNull } from './rows.js'
import { sqlStateOf, storageFailed } from './storage-error.js'

// Read-only queries across accounts for operator tools (the `credkit` CLI). The StoragePort is
// scoped by account on purpose; these are not part of it and never write.

async function read(client: PgQueryable, operation: string, text: string, values: unknown[] = []) {
  try {
    return (await client.query(text, values)).rows
  } catch (error) {
    const code = sqlStateOf(error)
    // A Node error code (ECONNREFUSED, ENOTFOUND...) means the server was never reached.
    const message =
      code && /^E[A-Z]+$/.test(code)
        ? `Could not reach the database (${code})`
        : `operator.${operation} failed (${code ? `SQLSTATE ${code}` : 'no SQLSTATE'})`
    throw storageFailed(message, { cause: error })
  }
}

/**
 * The schema version `migrate` recorded (0 when the database has never been migrated).
 * @throws CredentialsError STORAGE_FAILED
 */
export async function schemaVersion(client: PgQueryable): Promise<number> {
  const [ledger] = await read(
    client,
    'schemaVersion',
    "SELECT to_regclass('credkit_migrations') IS NOT NULL AS present",
  )
  if (ledger?.['present'] !== true) return 0
  const [row] = await read(
    client,
    'schemaVersion',
    'SELECT coalesce(max(version), 0)::integer AS version FROM credkit_migrations',
  )
  return Number(row?.['version'] ?? 0)
}

/**
 * Every account id that has credentials, active regions, sync jobs or audit events, in code point
 * order.
 * @throws CredentialsError STORAGE_FAILED
 */
export async function listAccountIds(client: PgQueryable): Promise<string[]> {
  const rows = await read(
    client,
    'listAccountIds',
    `SELECT account_id FROM credkit_credentials
     UNION SELECT account_id FROM credkit_active_regions
     UNION SELECT account_id FROM credkit_sync_jobs
     UNION SELECT account_id FROM credkit_audit_events
     ORDER BY 1`,
  )
  return rows.map((row) => row['account_id'] as string)
}

/** What is wrapped under one key id: credential data keys and audit chain keys. */
export interface KeyUsage {
  readonly keyId: string
  /** Credential rows whose data key is wrapped under this key. */
  readonly credentials: number
  /** Earlier credential versions (history rows) whose data key is wrapped under this key. */
  readonly versions: number
  /** Audit chain keys wrapped under this key. */
  readonly chainKeys: number
}

/**
 * Key ids in use across all accounts, by key id: what `rotateKeys` would re-wrap and what a
 * KeyPort must hold to open everything.
 * @throws CredentialsError STORAGE_FAILED
 */
export async function listKeyUsage(client: PgQueryable): Promise<KeyUsage[]> {
  const rows = await read(
    client,
    'listKeyUsage',
    `SELECT key_id, sum(credentials)::integer AS credentials, sum(versions)::integer AS versions,
       sum(chain_keys)::integer AS chain_keys FROM (
       SELECT key_id, count(*) AS credentials, 0 AS versions, 0 AS chain_keys FROM credkit_credentials GROUP BY key_id
       UNION ALL
       SELECT key_id, 0, count(*), 0 FROM credkit_credential_versions GROUP BY key_id
       UNION ALL
       SELECT kek_id, 0, 0, count(*) FROM credkit_audit_keys GROUP BY kek_id
     ) AS usage GROUP BY key_id ORDER BY key_id`,
  )
  return rows.map((row) => ({
    keyId: row['key_id'] as string,
    credentials: Number(row['credentials']),
    versions: Number(row['versions']),
    chainKeys: Number(row['chain_keys']),
  }))
}

/**
 * For each key id that wraps the newest audit chain key of some account, one such account (the
 * first in code point order): checking that account's audit head exercises that key.
 * @throws CredentialsError STORAGE_FAILED
 */
export async function listChainKeySamples(
  client: PgQueryable,
): Promise<Array<{ keyId: string; accountId: string }>> {
  const rows = await read(
    client,
    'listChainKeySamples',
    `SELECT DISTINCT ON (kek_id) kek_id, account_id FROM (
       SELECT DISTINCT ON (account_id) account_id, kek_id FROM credkit_audit_keys
       ORDER BY account_id, first_seq DESC
     ) AS newest ORDER BY kek_id, account_id`,
  )
  return rows.map((row) => ({ keyId: row['kek_id'] as string, accountId: row['account_id'] as string }))
}

/** A sync job as an operator sees it: no lease token. */
export interface OperatorSyncJob {
  readonly accountId: string
  readonly credentialId: string
  readonly credentialName: string
  readonly region: string
  readonly action: SyncAction
  readonly version: number
  /** Failed attempts so far (0: never failed). */
  readonly attempts: number
  readonly runAt: Date
  /** Set while a worker holds the job. */
  readonly leaseExpiresAt: Date | null
  /** `runAt` has passed and no live lease holds the job: the next worker run takes it. */
  readonly due: boolean
}

/**
 * Sync jobs that are due at `now` or have failed at least once, across accounts or in one,
 * oldest `runAt` first, at most `limit`.
 * @throws CredentialsError STORAGE_FAILED
 */
export async function listPendingJobs(
  client: PgQueryable,
  query: { now: Date; accountId?: string | undefined; limit?: number | undefined },
): Promise<OperatorSyncJob[]> {
  const rows = await read(
    client,
    'listPendingJobs',
    `SELECT account_id, credential_id, credential_name, region, action, version, attempts, run_at,
       lease_expires_at,
       (run_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)) AS due
     FROM credkit_sync_jobs
     WHERE ($2::text IS NULL OR account_id = $2)
       AND ((run_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)) OR attempts > 0)
     ORDER BY run_at, account_id, credential_id, region
     LIMIT $3`,
    [query.now, query.accountId ?? null, query.limit ?? 1000],
  )
  return rows.map(toOperatorJob)
}

function toOperatorJob(row: Row): OperatorSyncJob {
  return {
    accountId: row['account_id'] as string,
    credentialId: row['credential_id'] as string,
    credentialName: row['credential_name'] as string,
    region: row['region'] as string,
    action: row['action'] as SyncAction,
    version: Number(row['version']),
    attempts: Number(row['attempts']),
    runAt: toDate(row['run_at']),
    leaseExpiresAt: toDateOrNull(row['lease_expires_at']),
    due: row['due'] === true,
  }
}
