import type { AuditChainKey, AuditEvent, AuditStore } from '@credkit/core'
import { valuesList } from './batch.js'
import type { Row } from './client.js'
import type { Db } from './db.js'
import { json, toAuditEvent, toBytes, toDate } from './rows.js'

const COLUMNS =
  'account_id, seq, id, at, actor, action, credential, region, fields, outcome, message, refs, prev_hash, hash, key_id, mac'
const KEY_COLUMNS = 'account_id, key_id, first_seq, kek_id, wrapped, created_at'

const EVENT_CASTS = ['', '', '', '', '::jsonb', '', '::jsonb', '', '::jsonb', '', '', '::jsonb']

const eventParams = (event: AuditEvent): unknown[] => [
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
  event.keyId ?? null,
  event.mac ?? null,
]

/** An audit row as an event, with its chain key id and MAC (NULL on legacy rows). */
export function toKeyedAuditEvent(row: Row): AuditEvent {
  return {
    ...toAuditEvent(row),
    keyId: (row['key_id'] as string | null) ?? null,
    mac: (row['mac'] as string | null) ?? null,
  }
}

/** A `credkit_audit_keys` row as a chain key. */
export function toAuditChainKey(row: Row): AuditChainKey {
  return {
    accountId: row['account_id'] as string,
    keyId: row['key_id'] as string,
    firstSeq: Number(row['first_seq']),
    kekId: row['kek_id'] as string,
    wrapped: toBytes(row['wrapped']),
    createdAt: toDate(row['created_at']),
  }
}

/** The append-only `credkit_audit_events` table, keyed by (account, seq), and `credkit_audit_keys`. */
export function postgresAuditStore(db: Db): AuditStore {
  return {
    async append(events) {
      if (events.length === 0) return
      // A taken seq breaks the primary key: another writer appended first (retryable).
      const { text, values } = valuesList(events.map(eventParams), EVENT_CASTS)
      await db.query('audit.append', `INSERT INTO credkit_audit_events (${COLUMNS}) VALUES ${text}`, values)
    },
    async head(accountId) {
      const { rows } = await db.query(
        'audit.head',
        'SELECT seq, hash, key_id FROM credkit_audit_events WHERE account_id = $1 ORDER BY seq DESC LIMIT 1',
        [accountId],
      )
      const row = rows[0]
      return row
        ? {
            seq: Number(row['seq']),
            hash: row['hash'] as string,
            keyId: (row['key_id'] as string | null) ?? null,
          }
        : null
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
      return rows.map(toKeyedAuditEvent)
    },
    async chainKeys(accountId) {
      const { rows } = await db.query(
        'audit.chainKeys',
        `SELECT ${KEY_COLUMNS} FROM credkit_audit_keys WHERE account_id = $1 ORDER BY first_seq`,
        [accountId],
      )
      return rows.map(toAuditChainKey)
    },
    async addChainKey(key) {
      await db.query(
        'audit.addChainKey',
        `INSERT INTO credkit_audit_keys (${KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
        [key.accountId, key.keyId, key.firstSeq, key.kekId, key.wrapped, key.createdAt],
      )
    },
    async replaceChainKeyWrap(accountId, keyId, wrap) {
      await db.query(
        'audit.replaceChainKeyWrap',
        'UPDATE credkit_audit_keys SET kek_id = $3, wrapped = $4 WHERE account_id = $1 AND key_id = $2',
        [accountId, keyId, wrap.kekId, wrap.wrapped],
      )
    },
    async listChainKeysNotUnderKey(kekId, after, limit) {
      const { rows } = await db.query(
        'audit.listChainKeysNotUnderKey',
        `SELECT ${KEY_COLUMNS} FROM credkit_audit_keys
         WHERE kek_id <> $1 AND ($2::text IS NULL OR (account_id, key_id) > ($2, $3))
         ORDER BY account_id, key_id LIMIT $4`,
        [kekId, after?.accountId ?? null, after?.keyId ?? null, limit],
      )
      return rows.map(toAuditChainKey)
    },
  }
}
