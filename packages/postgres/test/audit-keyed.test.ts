import {
  type AuditEvent,
  computeEventHash,
  createCredentials,
  createLocalKeyring,
  generateKey,
} from '@credkit/core'
import { createMemoryRegions } from '@credkit/memory'
import { makeEvent, storesOf } from '@credkit/testing'
import type pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { migrate } from '../src/migrate.js'
import { MIGRATIONS } from '../src/migrations/index.js'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { manager, registry } from './service.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

const ACCOUNT = 'acct-keyed'
const actor = manager(ACCOUNT)

function service(pool: pg.Pool, keys: Record<string, Uint8Array>, primary: string) {
  return createCredentials({
    storage: createPostgresStorage(pool),
    regions: createMemoryRegions({ regions: [] }),
    keys: createLocalKeyring({ keys, primary }),
  })
}

/** Runs `sql` as a database owner would, past the append-only triggers. */
async function behindTheBack(pool: pg.Pool, sql: string, values: unknown[] = []): Promise<void> {
  const conn = await pool.connect()
  try {
    await conn.query('BEGIN')
    await conn.query('SET LOCAL session_replication_role = replica')
    await conn.query(sql, values)
    await conn.query('COMMIT')
  } finally {
    conn.release()
  }
}

it('upgrades a database with unkeyed events: they stay a valid legacy prefix and new events are keyed', async () => {
  database = await createTestDatabase({ migrated: false })
  const pool = database.pool()
  await migrate(
    pool,
    MIGRATIONS.filter((m) => m.version < 4),
  )
  let head: AuditEvent | null = null
  for (let i = 0; i < 3; i++) {
    const event = makeEvent(ACCOUNT, head, `before the upgrade ${i}`, { legacy: true })
    const { keyId: _, mac: __, ...columns } = event
    await pool.query(
      `INSERT INTO credkit_audit_events (account_id, seq, id, at, actor, action, credential, region, fields,
         outcome, message, refs, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10, NULL, $11, $12)`,
      [
        columns.accountId,
        columns.seq,
        columns.id,
        columns.at,
        JSON.stringify(columns.actor),
        columns.action,
        JSON.stringify(columns.credential),
        JSON.stringify(columns.fields),
        columns.outcome,
        columns.message,
        columns.prevHash,
        columns.hash,
      ],
    )
    head = event
  }
  // 0004 keys the chain; the migrations after it apply in the same run.
  expect((await migrate(pool)).applied[0]).toBe(4)

  const credentials = service(pool, { k1: generateKey() }, 'k1')
  expect(await credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 3, legacyEvents: 3 })
  await credentials.create(actor, registry('ghcr'))
  expect(await credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 5, legacyEvents: 3 })
  const { rows } = await pool.query(
    'SELECT seq, key_id IS NOT NULL AS keyed FROM credkit_audit_events WHERE account_id = $1 ORDER BY seq',
    [ACCOUNT],
  )
  expect(rows.map((r) => r['keyed'])).toEqual([false, false, false, true, true])
  const keys = await pool.query('SELECT first_seq, kek_id FROM credkit_audit_keys WHERE account_id = $1', [
    ACCOUNT,
  ])
  expect(keys.rows).toEqual([{ first_seq: 4, kek_id: 'k1' }])
})

it('detects a rewrite re-hashed in SQL, and refuses to drop or shift a chain key', async () => {
  database = await createTestDatabase()
  const pool = database.pool()
  const credentials = service(pool, { k1: generateKey() }, 'k1')
  await credentials.create(actor, registry('ghcr'))
  await credentials.create(actor, registry('quay'))
  expect(await credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 3 })

  // edit event 2 and re-hash it with the published algorithm; event 3 is re-linked the same way
  const events = (await storesOf(createPostgresStorage(pool)).audit.list(ACCOUNT, {
    order: 'asc',
    limit: 10,
  })) as AuditEvent[]
  let prevHash = events[0]!.hash
  for (const event of events.slice(1)) {
    const edited = { ...event, prevHash, message: event.seq === 2 ? 'nothing happened' : event.message }
    const hash = computeEventHash(edited)
    await behindTheBack(
      pool,
      'UPDATE credkit_audit_events SET message = $3, prev_hash = $4, hash = $5 WHERE account_id = $1 AND seq = $2',
      [ACCOUNT, event.seq, edited.message, prevHash, hash],
    )
    prevHash = hash
  }
  expect(await credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
    ok: false,
    brokenAt: 2,
    eventId: events[1]!.id,
    reason: 'forged',
  })

  for (const statement of [
    'DELETE FROM credkit_audit_keys',
    'UPDATE credkit_audit_keys SET first_seq = 2',
    'TRUNCATE credkit_audit_keys',
  ]) {
    await expect(pool.query(statement)).rejects.toMatchObject({ code: '42501' })
  }
})

it('re-wraps chain keys with rotateKeys, so events stay verifiable once the old key is retired', async () => {
  database = await createTestDatabase()
  const pool = database.pool()
  const [oldKey, newKey] = [generateKey(), generateKey()]
  await service(pool, { old: oldKey }, 'old').create(actor, registry('ghcr'))
  const progress = await service(pool, { old: oldKey, new: newKey }, 'new').rotateKeys()
  expect(progress).toMatchObject({ rotated: 1, failed: [], chainKeys: { rotated: 1, failed: [] } })
  const retired = service(pool, { new: newKey }, 'new')
  expect(await retired.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 4, legacyEvents: 0 })
  const anchor = (await retired.auditHead(ACCOUNT))!
  expect(anchor).toMatchObject({ accountId: ACCOUNT, seq: 4 })
  expect(await retired.verifyAuditChain(ACCOUNT, { anchor })).toMatchObject({ ok: true })
})
