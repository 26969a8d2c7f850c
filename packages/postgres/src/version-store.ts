import type { VersionStore } from '@credkit/core'
import type { Db } from './db.js'
import { toVersion, VERSION_COLUMNS, versionParams } from './rows.js'

const SELECT = `SELECT ${VERSION_COLUMNS} FROM credkit_credential_versions`

/** History rows in `credkit_credential_versions`, each read through its primary key. */
export function postgresVersionStore(db: Db): VersionStore {
  return {
    async put(record) {
      await db.query(
        'versions.put',
        `INSERT INTO credkit_credential_versions (${VERSION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::text[], $10, $11, $12, $13::text[], $14, $15)
         ON CONFLICT (account_id, credential_id, version) DO UPDATE SET type = $4, name = $5,
           description = $6, is_default = $7, public_data = $8::jsonb, host_names = $9::text[],
           envelope = $10, key_id = $11, secret_version = $12, fields = $13::text[], changed_at = $14,
           changed_by = $15`,
        versionParams(record),
      )
    },
    async get(accountId, credentialId, version) {
      const { rows } = await db.query(
        'versions.get',
        `${SELECT} WHERE account_id = $1 AND credential_id = $2 AND version = $3`,
        [accountId, credentialId, version],
      )
      return rows[0] ? toVersion(rows[0]) : null
    },
    async list(accountId, credentialId, query = {}) {
      const { rows } = await db.query(
        'versions.list',
        `${SELECT} WHERE account_id = $1 AND credential_id = $2 AND ($3::bigint IS NULL OR version < $3)
         ORDER BY version DESC LIMIT $4`,
        [accountId, credentialId, query.before ?? null, query.limit ?? null],
      )
      return rows.map(toVersion)
    },
    async deleteBelow(accountId, credentialId, version) {
      await db.query(
        'versions.deleteBelow',
        'DELETE FROM credkit_credential_versions WHERE account_id = $1 AND credential_id = $2 AND version < $3::bigint',
        [accountId, credentialId, version],
      )
    },
    async listNotUnderKey(primaryKeyId, after, limit) {
      const { rows } = await db.query(
        'versions.listNotUnderKey',
        `${SELECT} WHERE key_id <> $1
           AND ($2::text IS NULL OR (account_id, credential_id, version) > ($2, $3, $4))
         ORDER BY account_id, credential_id, version LIMIT $5`,
        [primaryKeyId, after?.accountId ?? null, after?.credentialId ?? null, after?.version ?? null, limit],
      )
      return rows.map(toVersion)
    },
  }
}
