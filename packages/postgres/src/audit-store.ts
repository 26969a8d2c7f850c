import { type AuditStore, CredentialsError } from '@credkit/core'
import type { Db } from './db.js'
import { json, toAuditEvent } from './rows.js'

const COLUMNS =
  'account_id, seq, id, at, actor, action, credential, region, fields, outcome, message, refs, prev_hash, hash'

/** The append-only `credkit_audit_events` table, keyed by (account, seq). */
export function postgresAuditStore(db: Db): AuditStore {
  return {
    async append(event) {
      // Inserts only at head + 1: a taken seq breaks the primary key, a gap inserts nothing.
      const result = await db.tryQuery(
        'audit.append',
        `INSERT INTO credkit_audit_events (${COLUMNS})
         SELECT $1::text, $2::integer, $3::text, $4::timestamptz, $5::jsonb, $6::text, $7::jsonb, $8::text,
           $9::jsonb, $10::text, $11::text, $12::jsonb, $13::text, $14::text
         WHERE $2 = 1 + COALESCE((SELECT max(seq) FROM credkit_audit_events WHERE account_id = $1), 0)`,
        [
          event.accountId,
          event.seq,
          event.id,
          event.at,
          json(event.actor),
          event.action,
          json(event.credential),
          event.region,
          json(event.fields),
          event.outcome,
          event.message,
          json(event.references),
          event.prevHash,
          event.hash,
        ],
      )
      if (result.rowCount !== 1) {
        throw new CredentialsError('CONFLICT', 'The audit chain head moved', { retryable: true })
      }
    },
    async head(accountId) {
      const { rows } = await db.query(
        'audit.head',
        'SELECT seq, hash FROM credkit_audit_events WHERE account_id = $1 ORDER BY seq DESC LIMIT 1',
        [accountId],
      )
      const row = rows[0]
      return row ? { seq: Number(row['seq']), hash: row['hash'] as string } : null
    },
    async list(accountId, query) {
      const { rows } =
        query.order === 'asc'
          ? await db.query(
              'audit.list',
              `SELECT ${COLUMNS} FROM credkit_audit_events WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
              [accountId, query.afterSeq ?? 0, query.limit],
            )
          : await db.query(
              'audit.list',
              `SELECT ${COLUMNS} FROM credkit_audit_events
               WHERE account_id = $1 AND ($2::integer IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
              [accountId, query.beforeSeq ?? null, query.limit],
            )
      return rows.map(toAuditEvent)
    },
  }
}
