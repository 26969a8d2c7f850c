import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { storesOf } from '@credkit/testing'
import { afterEach, expect, inject, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { dumpTables } from './reader.js'
import { credentialsOn, manager, registry } from './service.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

/** pg_dump next to the server binaries the setup used, else on PATH; null when there is none. */
function findPgDump(): string | null {
  const dirs = [inject('postgresBinDir'), ...(process.env['PATH'] ?? '').split(':')].filter(
    Boolean,
  ) as string[]
  return dirs.map((dir) => join(dir, 'pg_dump')).find((file) => existsSync(file)) ?? null
}

it('stores no secret value in clear: every table and a pg_dump hold none of them', async () => {
  database = await createTestDatabase()
  const pool = database.pool()
  const credentials = credentialsOn(createPostgresStorage(pool))
  const actor = manager('acct-leak')
  await storesOf(createPostgresStorage(pool)).sync.addRegion(actor.accountId, 'eu-1')
  const secrets = {
    registry: 'Registry-Secret-4f1c9a77',
    rotated: 'Rotated-Registry-Secret-0b3e',
    basic: 'Basic-Auth-Secret-d81e2c',
    acme: 'Cloudflare-Api-Token-9c2f7e1d',
  }
  const reg = await credentials.create(actor, registry('ghcr', secrets.registry))
  await credentials.update(actor, reg.id, { data: { password: secrets.rotated } })
  await credentials.create(actor, {
    type: 'basic-auth',
    name: 'staging users',
    data: { username: 'alice', password: secrets.basic },
  })
  await credentials.create(actor, {
    type: 'acme-wildcard',
    name: 'wildcard',
    data: { provider: 'cloudflare', commonName: '*.example.com', providerConfig: { apiToken: secrets.acme } },
  })
  // The stored envelope still opens to the rotated value: it is there, only encrypted.
  const revealed = (await credentials.reveal(actor, reg.id)) as { password?: { reveal(): string } }
  expect(revealed.password?.reveal()).toBe(secrets.rotated)

  let dump = await dumpTables(pool)
  expect(dump).toContain('credkit_credentials')
  const pgDump = findPgDump()
  if (pgDump) {
    const { stdout } = await promisify(execFile)(pgDump, ['--data-only', '--dbname', database.url], {
      maxBuffer: 64 * 1024 * 1024,
    })
    expect(stdout).toContain('credkit_credentials')
    dump += stdout
  }
  for (const value of Object.values(secrets)) {
    const bytes = Buffer.from(value)
    for (const form of [value, bytes.toString('hex'), bytes.toString('base64'), value.toLowerCase()]) {
      expect(dump.toLowerCase()).not.toContain(form.toLowerCase())
    }
  }
})
