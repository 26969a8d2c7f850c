import type { StoragePort } from '@credkit/core'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, actors } from './harness.js'
import { basicAuth, useSyncHarness } from './sync-harness.js'

/** Transactions (atomic ones, not single calls) opened on the storage since the last reset. */
const opened = { count: 0 }
function counting(inner: StoragePort): StoragePort {
  return {
    withTransaction: (fn, options) => {
      if (options?.atomic !== false) opened.count++
      return inner.withTransaction(fn, options)
    },
  }
}

const h = useSyncHarness({ storage: counting })
const { admin } = actors

describe('a re-check of credentials already in place', () => {
  it('pushes without a transaction before the push; a push that needs the syncing mark still has one', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const views = []
    for (const name of ['a', 'b', 'c'])
      views.push(await h.credentials.create(admin, { type: 'basic-auth', name, data: basicAuth() }))
    await h.credentials.runDueJobs()

    opened.count = 0
    const again = await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    expect(again.credentials.map((c) => c.state)).toEqual(['synced', 'synced', 'synced'])
    // The enqueue, then the three outcomes in one grouped transaction; no transaction for marks
    // (with one, the three marks would be a third).
    expect(opened.count).toBe(2)

    // An update needs the mark: a transaction commits `syncing` before its push, then the outcome.
    await h.credentials.update(admin, views[0]!.id, { data: { password: 'pw-changed-0123456789' } })
    opened.count = 0
    await h.credentials.runDueJobs()
    expect(opened.count).toBe(2)
    expect((await h.credentials.get(admin, views[0]!.id)).sync).toMatchObject([
      { region: 'eu-1', state: 'synced', version: 2 },
    ])
  })
})

describe('syncNow', () => {
  it('claims and marks its jobs in its own transaction: one transaction before the pushes, one for the outcomes', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await h.credentials.prepareRegion(ACCOUNT, 'us-1')
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'now', data: basicAuth() })
    await h.credentials.runDueJobs()
    await h.credentials.update(admin, view.id, { data: { password: 'pw-changed-0123456789' } })

    opened.count = 0
    const results = await h.credentials.syncNow(admin, view.id)
    expect(results).toEqual([
      { region: 'eu-1', state: 'synced', version: 2 },
      { region: 'us-1', state: 'synced', version: 2 },
    ])
    expect(opened.count).toBe(2)
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 2 })
  })
})
