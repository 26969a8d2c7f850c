import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresStorage, pgliteClient } from '@credkit/postgres'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { REGIONS_MODULE, runCli } from './cli.js'
import { ACCOUNT_A, ACCOUNT_A_CREDENTIALS, ACCOUNT_B, BULK, K1, K2, ROTATABLE, seed } from './seed.js'

// Every command as a child process on an embedded PGlite directory (`--pglite <dir>`). Starting
// PGlite costs seconds, so the directory is created (by `credkit migrate`) and seeded once, and each
// test gets a copy.

const root = mkdtempSync(join(tmpdir(), 'credkit-cli-pglite-'))
const seeded = join(root, 'seeded')
let copies = 0
const copy = () => {
  const dir = join(root, `copy-${++copies}`)
  cpSync(seeded, dir, { recursive: true })
  return dir
}

beforeAll(async () => {
  const migrated = await runCli(['migrate', '--pglite', seeded])
  expect(migrated.code, migrated.stderr).toBe(0)
  expect(migrated.stdout).toMatch(/^Applied 1 init$/m)
  expect(migrated.stdout).toContain(`(PGlite in ${seeded})`)
  const db = await PGlite.create(seeded)
  try {
    await seed(createPostgresStorage(pgliteClient(db)))
  } finally {
    await db.close()
  }
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe.concurrent('credkit on PGlite', () => {
  test('status --json', async () => {
    const result = await runCli(['status', '--json', '--pglite', copy()])
    expect(result.code, result.stderr).toBe(0)
    const status = JSON.parse(result.stdout)
    expect(status.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([ACCOUNT_A, ACCOUNT_B])
    expect(status.jobs.due).toBe(ACCOUNT_A_CREDENTIALS * 2)
  })

  test('expiring exits 1 with the certificate', async () => {
    const result = await runCli(['expiring', '--within', '30d', '--pglite', copy()])
    expect(result.code, result.stderr).toBe(1)
    expect(result.stdout).toMatch(/^acct-a\s+web\s+tls-certificate\s+web\.example\.com/m)
  })

  test('verify-audit', async () => {
    const result = await runCli(['verify-audit', '--json', '--pglite', copy()], { CREDKIT_MASTER_KEYS: K1 })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      accounts: [{ ok: true }, { ok: true, events: BULK }],
    })
  })

  test('rotate-keys', async () => {
    const result = await runCli(['rotate-keys', '--json', '--pglite', copy()], {
      CREDKIT_MASTER_KEYS: `${K2},${K1}`,
    })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: ROTATABLE,
      rotated: BULK + ACCOUNT_A_CREDENTIALS,
      chainKeys: { rotated: 2 },
      failed: [],
      interrupted: false,
    })
    expect(result.stderr).toContain(`rotate-keys: ${ROTATABLE}/${ROTATABLE} rows (100%)`)
  })

  test('sync', async () => {
    const result = await runCli(['sync', '--json', '--regions-module', REGIONS_MODULE, '--pglite', copy()], {
      CREDKIT_MASTER_KEYS: K1,
    })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ synced: ACCOUNT_A_CREDENTIALS * 2, failed: 0 })
  })

  test('a directory that holds no database: CONFIG, and nothing created', async () => {
    const missing = join(root, 'missing')
    const result = await runCli(['status', '--pglite', missing])
    expect(result.code).toBe(5)
    expect(result.stderr.trim()).toBe(
      `credkit: CONFIG: No PGlite database in ${missing}: create it with credkit migrate --pglite <dir>`,
    )
    const { existsSync } = await import('node:fs')
    expect(existsSync(missing)).toBe(false)
  })
})
