import { type CredentialStore, compareCodePoints, typeRank } from '@credkit/core'
import type { Db } from './db.js'
import { CREDENTIAL_COLUMNS, credentialParams, toCredential } from './rows.js'

const SELECT = `SELECT ${CREDENTIAL_COLUMNS} FROM credkit_credentials`

/** Credential rows in `credkit_credentials`; its unique indexes back up the core's rules. */
export function postgresCredentialStore(db: Db): CredentialStore {
  return {
    async insert(record) {
      await db.query(
        'credentials.insert',
        `INSERT INTO credkit_credentials (${CREDENTIAL_COLUMNS}, name_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::text[], $10, $11, $12, $13, $14, $15, $16,
           $17::text[], $18, $19, $20, $21)`,
        credentialParams(record),
      )
    },
    async update(record) {
      await db.query(
        'credentials.update',
        `UPDATE credkit_credentials SET name = $4, description = $5, version = $6, is_default = $7,
           public_data = $8::jsonb, host_names = $9::text[], envelope = $10, key_id = $11, secret_version = $12,
           created_at = $13, created_by = $14, updated_at = $15, updated_by = $16, updated_fields = $17::text[],
           deleted_at = $18, deleted_by = $19, purge_after = $20, name_key = $21
         WHERE id = $1 AND account_id = $2 AND type = $3`,
        credentialParams(record),
      )
    },
    async delete(accountId, id) {
      await db.query(
        'credentials.delete',
        'DELETE FROM credkit_credentials WHERE account_id = $1 AND id = $2',
        [accountId, id],
      )
    },
    async get(accountId, id) {
      const { rows } = await db.query('credentials.get', `${SELECT} WHERE account_id = $1 AND id = $2`, [
        accountId,
        id,
      ])
      return rows[0] ? toCredential(rows[0]) : null
    },
    async getMany(accountId, ids) {
      if (ids.length === 0) return []
      const { rows } = await db.query(
        'credentials.getMany',
        `${SELECT} WHERE account_id = $1 AND id = ANY ($2::text[])`,
        [accountId, [...ids]],
      )
      // Sorted here, not by the query: one index lookup per id (see `listStatuses`).
      return rows.map(toCredential).sort((a, b) => compareCodePoints(a.id, b.id))
    },
    async findByName(accountId, type, nameKey) {
      const { rows } = await db.query(
        'credentials.findByName',
        `${SELECT} WHERE account_id = $1 AND type = $2 AND name_key = $3`,
        [accountId, type, nameKey],
      )
      return rows[0] ? toCredential(rows[0]) : null
    },
    async list(accountId, query = {}) {
      const after = query.after
      // Keyset on the partial list index of live or of deleted rows (account_id, type_rank, name_key, id).
      const { rows } = await db.query(
        query.deleted ? 'credentials.listDeleted' : 'credentials.list',
        `${SELECT} WHERE account_id = $1 AND deleted_at IS ${query.deleted ? 'NOT NULL' : 'NULL'}
           AND ($2::text IS NULL OR type = $2)
           AND ($3::smallint IS NULL OR (type_rank, name_key COLLATE "C", id) > ($3, $4, $5))
         ORDER BY type_rank, name_key COLLATE "C", id LIMIT $6`,
        [
          accountId,
          query.type ?? null,
          after ? typeRank(after.type) : null,
          after?.nameKey ?? null,
          after?.id ?? null,
          query.limit ?? null,
        ],
      )
      return rows.map(toCredential)
    },
    async getDefault(accountId) {
      const { rows } = await db.query(
        'credentials.getDefault',
        `${SELECT} WHERE account_id = $1 AND is_default AND deleted_at IS NULL`,
        [accountId],
      )
      return rows[0] ? toCredential(rows[0]) : null
    },
    async findByHostNames(accountId, names) {
      if (names.length === 0) return []
      // `&&` on host_names is answered by the partial GIN index of live rows.
      const { rows } = await db.query(
        'credentials.findByHostNames',
        `${SELECT} WHERE account_id = $1 AND host_names && $2::text[] AND deleted_at IS NULL ORDER BY id`,
        [accountId, [...names]],
      )
      return rows.map(toCredential)
    },
    async listNotUnderKey(primaryKeyId, after, limit) {
      const { rows } = await db.query(
        'credentials.listNotUnderKey',
        `${SELECT} WHERE key_id <> $1 AND ($2::text IS NULL OR (account_id, id) > ($2, $3))
         ORDER BY account_id, id LIMIT $4`,
        [primaryKeyId, after?.accountId ?? null, after?.id ?? null, limit],
      )
      return rows.map(toCredential)
    },
    async listPurgeable(now, limit) {
      const { rows } = await db.query(
        'credentials.listPurgeable',
        `${SELECT} WHERE deleted_at IS NOT NULL AND purge_after <= $1
         ORDER BY purge_after, account_id, id LIMIT $2`,
        [now, limit],
      )
      return rows.map(toCredential)
    },
  }
}
