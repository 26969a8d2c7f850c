import type { StorageReader } from '@credkit/testing'
import { toAuditChainKey, toKeyedAuditEvent } from '../src/audit-store.js'
import type { PgClientLike } from '../src/client.js'
import { toBytes, toStatus } from '../src/rows.js'

const TABLES = [
  'credkit_credentials',
  'credkit_credential_versions',
  'credkit_references',
  'credkit_active_regions',
  'credkit_region_statuses',
  'credkit_sync_jobs',
  'credkit_audit_events',
  'credkit_audit_keys',
  'credkit_migrations',
]

/** Reads the credkit_ tables with plain SQL: the conformance suite's `StorageReader`. */
export function createPostgresReader(client: PgClientLike): StorageReader {
  const count = async (table: string, accountId: string) =>
    Number(
      (await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE account_id = $1`, [accountId]))
        .rows[0]?.['n'],
    )
  return {
    async credential(id) {
      const { rows } = await client.query(
        'SELECT account_id, name, version, is_default, key_id, envelope FROM credkit_credentials WHERE id = $1',
        [id],
      )
      const row = rows[0]
      if (!row) return null
      return {
        accountId: row['account_id'] as string,
        name: row['name'] as string,
        version: row['version'] as number,
        isDefault: row['is_default'] as boolean,
        keyId: row['key_id'] as string,
        envelope: toBytes(row['envelope']),
      }
    },
    countCredentials: (accountId) => count('credkit_credentials', accountId),
    countStatuses: (accountId) => count('credkit_region_statuses', accountId),
    async statuses(accountId) {
      const { rows } = await client.query(
        'SELECT * FROM credkit_region_statuses WHERE account_id = $1 ORDER BY credential_id COLLATE "C", region COLLATE "C"',
        [accountId],
      )
      return rows.map(toStatus)
    },
    countReferences: (accountId) => count('credkit_references', accountId),
    countVersions: (accountId) => count('credkit_credential_versions', accountId),
    async auditEvents(accountId) {
      const { rows } = await client.query(
        'SELECT * FROM credkit_audit_events WHERE account_id = $1 ORDER BY seq',
        [accountId],
      )
      return rows.map(toKeyedAuditEvent)
    },
    async auditChainKeys(accountId) {
      const { rows } = await client.query(
        'SELECT * FROM credkit_audit_keys WHERE account_id = $1 ORDER BY first_seq',
        [accountId],
      )
      return rows.map(toAuditChainKey)
    },
    async jobs(accountId) {
      const { rows } = await client.query(
        `SELECT credential_id, region, token, lease_owner FROM credkit_sync_jobs WHERE account_id = $1
         ORDER BY credential_id, region`,
        [accountId],
      )
      return rows.map((row) => ({
        credentialId: row['credential_id'] as string,
        region: row['region'] as string,
        token: row['token'] as string,
        leaseOwner: row['lease_owner'] as string | null,
      }))
    },
    dump: () => dumpTables(client),
    async tamperAudit(accountId, seq, change) {
      const conn = await client.connect()
      try {
        // Behind the adapter's back: replica mode skips the append-only trigger (superuser only).
        await conn.query('BEGIN')
        await conn.query('SET LOCAL session_replication_role = replica')
        await conn.query(
          change === 'remove'
            ? 'DELETE FROM credkit_audit_events WHERE account_id = $1 AND seq = $2'
            : `UPDATE credkit_audit_events SET message = coalesce(message, '') || ' (edited)'
               WHERE account_id = $1 AND seq = $2`,
          [accountId, seq],
        )
        await conn.query('COMMIT')
      } finally {
        conn.release()
      }
    },
  }
}

/**
 * Every row of every credkit_ table as JSON text (bytea as `\x` hex), plus every bytea column
 * again as base64: what a `pg_dump` or a leaked backup would show.
 */
export async function dumpTables(client: PgClientLike): Promise<string> {
  const out: string[] = []
  for (const table of TABLES) {
    const { rows } = await client.query(`SELECT row_to_json(t)::text AS row FROM ${table} t`)
    out.push(...rows.map((row) => `${table} ${row['row'] as string}`))
  }
  const { rows } = await client.query("SELECT id, encode(envelope, 'base64') AS b64 FROM credkit_credentials")
  out.push(
    ...rows.map((row) => `credkit_credentials.envelope ${row['id'] as string} ${row['b64'] as string}`),
  )
  const history = await client.query(
    "SELECT credential_id, version, encode(envelope, 'base64') AS b64 FROM credkit_credential_versions",
  )
  out.push(
    ...history.rows.map(
      (row) =>
        `credkit_credential_versions.envelope ${row['credential_id'] as string} ${String(row['version'])} ${row['b64'] as string}`,
    ),
  )
  return out.join('\n')
}
