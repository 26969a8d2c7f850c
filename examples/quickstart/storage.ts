import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalKeyring, generateKey, type KeyPort, type StoragePort } from '@credkit/core'
import { createPostgresStorage, migrate, pgliteClient } from '@credkit/postgres'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

export interface QuickstartStorage {
  readonly storage: StoragePort
  readonly where: string
  close(): Promise<void>
}

/**
 * `DATABASE_URL` set: a real PostgreSQL server through a pg.Pool. Otherwise the embedded default:
 * PGlite with its data directory under `dataDir`, so what you create survives a restart.
 */
export async function openStorage(dataDir: string): Promise<QuickstartStorage> {
  const url = process.env['DATABASE_URL']
  if (url) {
    const pool = new pg.Pool({ connectionString: url })
    await migrate(pool)
    return {
      storage: createPostgresStorage(pool),
      where: 'PostgreSQL (DATABASE_URL)',
      close: () => pool.end(),
    }
  }
  mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(join(dataDir, 'pglite'))
  const client = pgliteClient(db)
  await migrate(client)
  return {
    storage: createPostgresStorage(client),
    where: `PGlite in ${join(dataDir, 'pglite')}`,
    close: () => db.close(),
  }
}

/**
 * The key-encryption key: `CREDKIT_KEY` (base64 of 32 bytes) when set, else a key generated once
 * into the data directory. A key file next to the data is for a local demo only: in production
 * the key comes from your secret manager or a KMS-backed KeyPort.
 */
export function openKeys(dataDir: string): KeyPort {
  const fromEnv = process.env['CREDKIT_KEY']
  if (fromEnv) return createLocalKeyring({ keys: { env: fromEnv }, primary: 'env' })
  const file = join(dataDir, 'demo-key.b64')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, Buffer.from(generateKey()).toString('base64'), { mode: 0o600 })
  }
  return createLocalKeyring({ keys: { demo: readFileSync(file, 'utf8').trim() }, primary: 'demo' })
}
