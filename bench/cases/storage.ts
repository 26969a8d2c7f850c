import type { Credentials, StoragePort } from '@credkit/core'
import { createPostgresStorage, migrate, pgliteClient } from '@credkit/postgres'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { interleavedRatios, perOp, spread } from '../lib/measure.js'
import type { BenchCase, BenchResult } from '../lib/result.js'
import { admin, basicAuth, benchService } from '../lib/service.js'

const ACCOUNT = 'acct-bench'
const COLUMNS = `id, account_id, type, name, name_key, description, version, is_default, public_data,
  host_names, envelope, key_id, secret_version, created_at, created_by, updated_at, updated_by`

/** One credential row's bytes as `create` stores them, for the raw baseline. */
function rawRow(i: number, envelope: Uint8Array): unknown[] {
  const now = new Date()
  const name = `raw-${i}-${Math.random().toString(36).slice(2)}`
  return [
    `raw-${i}-${Math.random().toString(36).slice(2)}`,
    ACCOUNT,
    'basic-auth',
    name,
    name,
    null,
    1,
    false,
    JSON.stringify({ username: 'bench' }),
    [],
    envelope,
    'k1',
    1,
    now,
    'bench',
    now,
    'bench',
  ]
}

const INSERT = `INSERT INTO credkit_credentials (${COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::text[], $11, $12, $13, $14, $15, $16, $17)`

/** `create` against BEGIN / INSERT of the same bytes / COMMIT, per operation, interleaved. */
async function createVsRaw(
  label: string,
  credentials: Credentials,
  rawTransaction: (values: unknown[]) => Promise<void>,
  quick: boolean,
): Promise<BenchResult> {
  const envelope = new Uint8Array(180).fill(7)
  const ops = quick ? 50 : 200
  let n = 0
  const subject = () => perOp(ops, () => credentials.create(admin(ACCOUNT), basicAuth(`c-${n++}`)))
  const baseline = () => perOp(ops, (i) => rawTransaction(rawRow(n + i, envelope)))
  await subject()
  await baseline()
  const { ratios, subjectMs, baselineMs } = await interleavedRatios(quick ? 3 : 7, subject, baseline)
  return {
    id: `create-${label.toLowerCase()}`,
    what: `create on ${label}`,
    baseline: 'raw BEGIN/INSERT/COMMIT of the same bytes',
    target: 2.5,
    ratio: spread(ratios),
    detail: { createMs: spread(subjectMs).median, rawMs: spread(baselineMs).median },
  }
}

async function onPostgres(url: string, quick: boolean): Promise<BenchResult[]> {
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  try {
    const storage: StoragePort = createPostgresStorage(pool)
    const { credentials } = benchService(storage)
    const create = await createVsRaw(
      'PostgreSQL',
      credentials,
      async (values) => {
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          await client.query(INSERT, values)
          await client.query('COMMIT')
        } finally {
          client.release()
        }
      },
      quick,
    )
    return [create, await listFirstPage(pool, credentials, quick)]
  } finally {
    await pool.end()
  }
}

/**
 * First page of 100 among 10,000 (quick: 2,000) vs a primary-key SELECT of one row; the detail adds
 * the floor: the 101 rows the page reads, selected raw, against the same baseline.
 */
async function listFirstPage(pool: pg.Pool, credentials: Credentials, quick: boolean): Promise<BenchResult> {
  const account = 'acct-list'
  const size = quick ? 2_000 : 10_000
  await pool.query(
    `INSERT INTO credkit_credentials (${COLUMNS})
     SELECT 'l-' || g, $1, 'basic-auth', 'name-' || g, 'name-' || g, null, 1, false,
            '{"username":"bench"}'::jsonb, '{}', '\\x0707'::bytea, 'k1', 1, now(), 'bench', now(), 'bench'
     FROM generate_series(1, $2) AS g`,
    [account, size],
  )
  await pool.query('ANALYZE credkit_credentials')
  const ops = quick ? 30 : 100
  const subject = () => perOp(ops, () => credentials.list(admin(account), { limit: 100 }))
  const baseline = () =>
    perOp(ops, (i) => pool.query('SELECT * FROM credkit_credentials WHERE id = $1', [`l-${(i % size) + 1}`]))
  // The floor: the page's rows alone, selected raw in list order through the same driver.
  const rawPage = () =>
    perOp(ops, () =>
      pool.query(
        `SELECT ${COLUMNS} FROM credkit_credentials WHERE account_id = $1 AND deleted_at IS NULL
         ORDER BY type_rank, name_key COLLATE "C", id LIMIT 101`,
        [account],
      ),
    )
  await subject()
  await baseline()
  await rawPage()
  const { ratios, subjectMs, baselineMs } = await interleavedRatios(quick ? 3 : 7, subject, baseline)
  const floor = await interleavedRatios(quick ? 3 : 7, rawPage, baseline)
  return {
    id: 'list-postgresql',
    what: `list first page of 100 among ${size} (PostgreSQL)`,
    baseline: 'a primary-key SELECT',
    target: 3,
    ratio: spread(ratios),
    detail: {
      listMs: spread(subjectMs).median,
      selectMs: spread(baselineMs).median,
      rawPageMs: spread(floor.subjectMs).median,
      rawPageRatio: spread(floor.ratios).median,
    },
  }
}

async function onPglite(quick: boolean): Promise<BenchResult> {
  const db = await PGlite.create()
  try {
    const client = pgliteClient(db)
    await migrate(client)
    const { credentials } = benchService(createPostgresStorage(client))
    return await createVsRaw(
      'PGlite',
      credentials,
      async (values) => {
        await db.transaction(async (tx) => {
          await tx.query(INSERT, values)
        })
      },
      quick,
    )
  } finally {
    await db.close()
  }
}

export const storageCase: BenchCase = {
  id: 'storage',
  needs: 'postgres',
  async run(env) {
    const database = await env.database()
    try {
      env.log('  create and list on PostgreSQL')
      const results = await onPostgres(database.url, env.quick)
      env.log('  create on PGlite')
      results.push(await onPglite(env.quick))
      return results
    } finally {
      await database.drop()
    }
  },
}
