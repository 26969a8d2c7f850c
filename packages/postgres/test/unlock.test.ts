import { expect, it, vi } from 'vitest'
import type { PgClientLike, PgConnection, PgResult } from '../src/client.js'
import { createPostgresStorage } from '../src/postgres-storage.js'

/** A fake pool whose connections run every statement except the account unlock, which fails. */
function unlockFailingClient() {
  const statements: string[] = []
  const releases: Array<Error | boolean | undefined> = []
  const ok = (command: string): PgResult => ({ rows: [], rowCount: 0, command })
  const client: PgClientLike = {
    query: async () => ok('SELECT'),
    async connect(): Promise<PgConnection> {
      return {
        async query(text) {
          statements.push(text)
          if (text.includes('pg_advisory_unlock')) throw new Error('server closed the connection')
          return ok(text === 'COMMIT' || text === 'ROLLBACK' ? text : 'SELECT')
        },
        release(error) {
          releases.push(error)
        },
      }
    },
  }
  return { client, statements, releases }
}

it('keeps a committed transaction committed when the account unlock fails, and discards the connection', async () => {
  const { client, statements, releases } = unlockFailingClient()
  const storage = createPostgresStorage(client)
  await expect(
    storage.withTransaction(async (tx) => tx.sync.listRegions('acct'), { account: 'acct' }),
  ).resolves.toEqual([])
  expect(statements.filter((s) => s === 'COMMIT')).toHaveLength(1)
  expect(statements.at(-1)).toContain('pg_advisory_unlock')
  // Released with an error once the unlock failed (the caller did not wait for it): pg destroys
  // the client, and the session lock ends with it.
  await vi.waitFor(() => expect(releases).toHaveLength(1))
  expect(releases[0]).toBeInstanceOf(Error)
})

it("rejects with fn's error, not the unlock failure, when a rolled back transaction cannot unlock", async () => {
  const { client, releases } = unlockFailingClient()
  const storage = createPostgresStorage(client)
  const failure = new Error('fn failed')
  await expect(
    storage.withTransaction(
      async () => {
        throw failure
      },
      { account: 'acct' },
    ),
  ).rejects.toBe(failure)
  await vi.waitFor(() => expect(releases).toHaveLength(1))
  expect(releases[0]).toBeInstanceOf(Error)
})
