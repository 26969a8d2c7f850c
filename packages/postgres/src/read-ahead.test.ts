import type { StorageTx } from '@credkit/core'
import { expect, it } from 'vitest'
import type { Db } from './db.js'
import { planReadAhead } from './read-ahead.js'

/** Stores whose reads each send one statement, `getMany` only after an await when `late`. */
function stubStores(late: boolean) {
  return (db: Db) =>
    ({
      credentials: {
        async getMany(accountId: string) {
          if (late) await Promise.resolve()
          return (await db.query('credentials.getMany', 'SELECT 1 WHERE $1 = ANY ($2)', [accountId, ['b']]))
            .rows
        },
      },
      sync: {
        getStatuses: async () => (await db.query('sync.getStatuses', 'SELECT 2')).rows,
        getJobs: async () => (await db.query('sync.getJobs', 'SELECT 3')).rows,
        listRegions: async () => (await db.query('sync.listRegions', 'SELECT 4')).rows,
      },
      audit: { head: async () => (await db.query('audit.head', 'SELECT 5')).rows[0] ?? null },
    }) as unknown as StorageTx
}

const request = { accountId: 'a', credentialIds: ['b'], keys: [] }
const result = (n: number) => ({ rows: [{ n }], rowCount: 1 })

it('inlines the values of the statements it records and settles each with its result', async () => {
  const plan = planReadAhead(stubStores(false), request)!
  expect(plan.statements).toEqual([
    "SELECT 1 WHERE 'a' = ANY (ARRAY['b']::text[])",
    'SELECT 2',
    'SELECT 3',
    'SELECT 5',
    'SELECT 4',
  ])
  await expect(plan.settle([1, 2, 3, 5, 4].map(result))).resolves.toEqual({
    rows: [{ n: 1 }],
    statuses: [{ n: 2 }],
    jobs: [{ n: 3 }],
    head: { n: 5 },
    regions: [{ n: 4 }],
  })
})

it('rejects, never hangs, when a store sends its statement after an await', async () => {
  const plan = planReadAhead(stubStores(true), request)!
  expect(plan.statements).toHaveLength(4)
  await expect(plan.settle([2, 3, 5, 4].map(result))).rejects.toThrow(
    'read-ahead: credentials.getMany was not sent before its first await',
  )
})

it('plans nothing when a value cannot be a literal, and leaves no read hanging', async () => {
  expect(planReadAhead(stubStores(false), { ...request, accountId: 'a\0b' })).toBeUndefined()
})
