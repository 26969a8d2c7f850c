import type { ReferenceStore } from '@credkit/core'
import type { Db } from './db.js'
import { toReference } from './rows.js'

/** References in `credkit_references`, one row per (credential, kind, id). */
export function postgresReferenceStore(db: Db): ReferenceStore {
  return {
    async attach(reference) {
      await db.query(
        'references.attach',
        `INSERT INTO credkit_references (account_id, credential_id, kind, ref_id, purpose, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, credential_id, kind, ref_id)
         DO UPDATE SET purpose = EXCLUDED.purpose, created_at = EXCLUDED.created_at`,
        [
          reference.accountId,
          reference.credentialId,
          reference.kind,
          reference.id,
          reference.purpose ?? null,
          reference.createdAt,
        ],
      )
    },
    async detach(accountId, credentialId, kind, id) {
      const result = await db.query(
        'references.detach',
        'DELETE FROM credkit_references WHERE account_id = $1 AND credential_id = $2 AND kind = $3 AND ref_id = $4',
        [accountId, credentialId, kind, id],
      )
      return result.rowCount === 1
    },
    async list(accountId, credentialId) {
      const { rows } = await db.query(
        'references.list',
        `SELECT account_id, credential_id, kind, ref_id, purpose, created_at FROM credkit_references
         WHERE account_id = $1 AND credential_id = $2 ORDER BY kind, ref_id`,
        [accountId, credentialId],
      )
      return rows.map(toReference)
    },
    async clear(accountId, credentialId) {
      await db.query(
        'references.clear',
        'DELETE FROM credkit_references WHERE account_id = $1 AND credential_id = $2',
        [accountId, credentialId],
      )
    },
  }
}
