import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { databaseUrl } from './url.js'

/** An isolated database on the test server, dropped by `drop()`. */
export interface TestDatabase {
  readonly name: string
  readonly url: string
  /** A new pool on this database; ended by `drop()`. */
  pool(options?: pg.PoolConfig): pg.Pool
  drop(): Promise<void>
}

let admin: pg.Pool | undefined
const adminPool = () => {
  admin ??= new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 })
  return admin
}
afterAll(async () => {
  await admin?.end()
  admin = undefined
})

/**
 * Creates `credkit_test_<random>`: a copy of the migrated template, or an empty database for
 * migration tests. Test files run in parallel on the same server, each in its own databases.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `credkit_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`
  const template = options.migrated === false ? 'template0' : inject('templateDatabase')
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  const url = databaseUrl(inject('databaseUrl'), name)
  const pools: pg.Pool[] = []
  return {
    name,
    url,
    pool(config = {}) {
      const pool = new pg.Pool({ connectionString: url, max: 5, ...config })
      // A terminated backend is reported on idle clients too; the tests kill some on purpose.
      pool.on('error', () => undefined)
      pools.push(pool)
      return pool
    },
    async drop() {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)))
      await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}
