import { createPostgresStorage } from '@credkit/postgres'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { databaseUrl } from '../../postgres/test/url.js'
import { seed } from './seed.js'

let admin: pg.Pool | undefined
const adminPool = () => {
  admin ??= new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 })
  return admin
}
const created: string[] = []
const pools: pg.Pool[] = []
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end().catch(() => undefined)))
  for (const name of created.reverse())
    await adminPool()
      .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      .catch(() => undefined)
  await admin?.end()
  admin = undefined
})

const newName = (prefix: string) =>
  `credkit_cli_${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`

/** A new database copied from `template` (the migrated template by default, `template0`: empty). */
export async function copyDatabase(template: string = inject('templateDatabase')): Promise<string> {
  const name = newName('db')
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
  created.push(name)
  return name
}

/** The connection URL of a database on the test server. */
export const urlOf = (name: string) => databaseUrl(inject('databaseUrl'), name)

let seeded: Promise<string> | undefined

/** A migrated database holding `seed()`, made once per test file; copy it with `copyDatabase`. */
export function seededTemplate(): Promise<string> {
  seeded ??= (async () => {
    const name = await copyDatabase()
    const pool = new pg.Pool({ connectionString: urlOf(name), max: 4 })
    try {
      await seed(createPostgresStorage(pool))
    } finally {
      await pool.end()
    }
    return name
  })()
  return seeded
}

/** A fresh copy of the seeded database: its URL, and a pool for checks (ended after the file). */
export async function seededDatabase(): Promise<{ url: string; pool: pg.Pool }> {
  const url = urlOf(await copyDatabase(await seededTemplate()))
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => undefined)
  pools.push(pool)
  return { url, pool }
}
