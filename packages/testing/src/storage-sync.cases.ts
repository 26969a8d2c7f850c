import type { RegionStatusRecord } from '@credkit/core'
import { expect, it } from 'vitest'
import { enqueue, open, settle } from './conformance-ops.js'
import { makeEvent, makeJob, makeRecord, makeStatus, testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

const T0 = new Date('2026-01-01T00:00:00.000Z')
const at = (ms: number) => new Date(T0.getTime() + ms)

export function syncCases(fixture: FixtureRef): void {
  it('activates regions once and lists them sorted', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    expect(await storage.sync.addRegion(accountId, 'us-1')).toBe(true)
    expect(await storage.sync.addRegion(accountId, 'eu-1')).toBe(true)
    expect(await storage.sync.addRegion(accountId, 'us-1')).toBe(false)
    expect(await storage.sync.listRegions(accountId)).toEqual(['eu-1', 'us-1'])
    expect(await storage.sync.listRegions(testId('acct'))).toEqual([])
  })

  it('stores statuses as given, replaces them, filters by credential and deletes them', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const errored = makeStatus({
      accountId,
      credentialId: 'c1',
      region: 'eu-1',
      state: 'error',
      error: { status: 503, reason: 'ServiceUnavailable', message: 'region unreachable', at: at(5) },
      attempts: 3,
      nextAttemptAt: at(1000),
      issuance: {
        state: 'issued',
        certificate: {
          commonName: '*.example.com',
          altNames: ['example.com'],
          notBefore: '2026-01-01T00:00:00.000Z',
          notAfter: '2026-04-01T00:00:00.000Z',
          issuer: 'CN=R3',
          serialNumber: '01',
          fingerprintSha256: 'ab',
          keyAlgorithm: 'ECDSA-P256',
        },
      },
    })
    await storage.sync.putStatuses([makeStatus({ accountId, credentialId: 'c1', region: 'eu-1' })])
    await storage.sync.putStatuses([errored])
    await storage.sync.putStatuses([
      makeStatus({ accountId, credentialId: 'c2', region: 'eu-1', lastSyncedAt: null, version: null }),
    ])
    expect(await storage.sync.listStatuses(accountId, ['c1', 'c2'])).toHaveLength(2)
    expect(await storage.sync.listStatuses(accountId, ['c1'])).toEqual([errored])
    expect((await storage.sync.listStatuses(accountId, ['c1', 'c2'])).map((s) => s.credentialId)).toEqual([
      'c1',
      'c2',
    ])
    expect(await storage.sync.listStatuses(accountId, [])).toEqual([])
    await storage.sync.deleteStatus(accountId, 'c1', 'eu-1')
    expect((await storage.sync.listStatuses(accountId, ['c1', 'c2'])).map((s) => s.credentialId)).toEqual([
      'c2',
    ])
  })

  it('stores a failure with its HTTP status and reason, or without them, and clears it', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const failed = (credentialId: string, error: RegionStatusRecord['error']) =>
      makeStatus({ accountId, credentialId, region: 'eu-1', state: 'error', error, attempts: 1 })
    const statuses = [
      failed('c1', { status: 403, reason: 'Forbidden', message: 'secrets is forbidden', at: at(1) }),
      failed('c2', { status: null, reason: null, message: 'region call failed', at: at(2) }),
      failed('c3', { status: 422, reason: null, message: `"quoted" é 漢 😀 ${'x'.repeat(180)}…`, at: at(3) }),
      failed('c4', {
        status: null,
        reason: 'Timeout',
        message: 'region call timed out after 30000 ms',
        at: at(4),
      }),
    ]
    await storage.sync.putStatuses(statuses)
    expect(await storage.sync.listStatuses(accountId, ['c4', 'c2', 'c1', 'c3', 'c9'])).toEqual(statuses)
    expect(await storage.sync.listRegionStatuses(accountId, 'eu-1')).toEqual(statuses)
    expect(await storage.sync.listRegionStatuses(accountId, 'us-1')).toEqual([])
    const synced = makeStatus({ accountId, credentialId: 'c1', region: 'eu-1', state: 'synced', error: null })
    await storage.sync.putStatuses([synced])
    expect(await storage.sync.listStatuses(accountId, ['c1'])).toEqual([synced])
  })

  it('keeps one job per (credential, region), a new token on every enqueue', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    await enqueue(port, makeJob({ accountId, credentialId: 'c1', region: 'eu-1', version: 1 }))
    const [first] = await storage.sync.listJobs(accountId, ['c1'])
    await enqueue(port, makeJob({ accountId, credentialId: 'c1', region: 'eu-1', version: 2 }))
    await enqueue(port, makeJob({ accountId, credentialId: 'c1', region: 'us-1', version: 2 }))
    const jobs = await storage.sync.listJobs(accountId, ['c1'])
    expect(jobs.map((j) => [j.region, j.version])).toEqual([
      ['eu-1', 2],
      ['us-1', 2],
    ])
    expect(jobs[0]!.token).not.toBe(first!.token)
  })

  it('lists the jobs of many credentials by (credential, region) and deletes many at once', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    for (const credentialId of ['c2', 'c1', 'c3'])
      for (const region of ['us-1', 'eu-1']) await enqueue(port, makeJob({ accountId, credentialId, region }))
    await enqueue(port, makeJob({ accountId: testId('acct'), credentialId: 'c1', region: 'eu-1' }))
    const listed = await storage.sync.listJobs(accountId, ['c2', 'c1', 'c2', 'none'])
    expect(listed.map((j) => [j.credentialId, j.region])).toEqual([
      ['c1', 'eu-1'],
      ['c1', 'us-1'],
      ['c2', 'eu-1'],
      ['c2', 'us-1'],
    ])
    expect(await storage.sync.listJobs(accountId, [])).toEqual([])
    await storage.sync.deleteJobs([
      { accountId, credentialId: 'c1', region: 'eu-1' },
      { accountId, credentialId: 'c2', region: 'us-1' },
      { accountId, credentialId: 'none', region: 'eu-1' },
    ])
    await storage.sync.deleteJobs([])
    const left = await storage.sync.listJobs(accountId, ['c1', 'c2', 'c3'])
    expect(left.map((j) => [j.credentialId, j.region])).toEqual([
      ['c1', 'us-1'],
      ['c2', 'eu-1'],
      ['c3', 'eu-1'],
      ['c3', 'us-1'],
    ])
  })

  it('reads statuses and jobs at (credential, region) keys: only those asked, ordered, each once', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    const other = testId('acct')
    const statuses = []
    for (const credentialId of ['c2', 'c1'])
      for (const region of ['us-1', 'eu-1']) {
        statuses.push(makeStatus({ accountId, credentialId, region }))
        await enqueue(port, makeJob({ accountId, credentialId, region }))
      }
    await storage.sync.putStatuses(statuses)
    await storage.sync.putStatuses([makeStatus({ accountId: other, credentialId: 'c1', region: 'eu-1' })])
    await enqueue(port, makeJob({ accountId: other, credentialId: 'c1', region: 'eu-1' }))
    const keys = [
      { credentialId: 'c2', region: 'eu-1' },
      { credentialId: 'c1', region: 'us-1' },
      { credentialId: 'c2', region: 'eu-1' },
      { credentialId: 'c1', region: 'ap-1' },
      { credentialId: 'none', region: 'eu-1' },
    ]
    const pairs = (items: ReadonlyArray<{ accountId: string; credentialId: string; region: string }>) =>
      items.map((i) => [i.accountId, i.credentialId, i.region])
    const expected = [
      [accountId, 'c1', 'us-1'],
      [accountId, 'c2', 'eu-1'],
    ]
    expect(pairs(await storage.sync.getStatuses(accountId, keys))).toEqual(expected)
    expect(pairs(await storage.sync.getJobs(accountId, keys))).toEqual(expected)
    expect(await storage.sync.getStatuses(accountId, [{ credentialId: 'c1', region: 'us-1' }])).toEqual(
      (await storage.sync.listStatuses(accountId, ['c1'])).filter((s) => s.region === 'us-1'),
    )
    expect(await storage.sync.getJobs(accountId, [{ credentialId: 'c2', region: 'us-1' }])).toEqual(
      (await storage.sync.listJobs(accountId, ['c2'])).filter((j) => j.region === 'us-1'),
    )
    expect(await storage.sync.getStatuses(accountId, [])).toEqual([])
    expect(await storage.sync.getJobs(accountId, [])).toEqual([])
  })

  it('reads ahead, when it does, exactly what the reads it stands for give, whatever the ids hold', async () => {
    const { port } = open(fixture())
    const accountId = testId("acct-'quoted'\\slash")
    const odd = "c'2\\x"
    await port.withTransaction(
      async (tx) => {
        for (const id of ['c1', odd]) await tx.credentials.insert(makeRecord({ accountId, id }))
        await tx.sync.putStatuses([makeStatus({ accountId, credentialId: 'c1', region: 'eu-1' })])
        await tx.audit.append([makeEvent(accountId, null, 'first')])
        for (const region of ['us-1', "eu'1"]) await tx.sync.addRegion(accountId, region)
      },
      { account: accountId },
    )
    await enqueue(port, makeJob({ accountId, credentialId: odd, region: "eu'1" }))
    const request = {
      accountId,
      credentialIds: ['c1', odd, 'none'],
      keys: [
        { credentialId: 'c1', region: 'eu-1' },
        { credentialId: odd, region: "eu'1" },
        { credentialId: 'none', region: 'eu-1' },
      ],
    }
    await port.withTransaction(
      async (tx) => {
        if (tx.readAhead === undefined) return
        expect(tx.readAhead).toEqual({
          rows: await tx.credentials.getMany(accountId, request.credentialIds),
          statuses: await tx.sync.getStatuses(accountId, request.keys),
          jobs: await tx.sync.getJobs(accountId, request.keys),
          head: await tx.audit.head(accountId),
          regions: await tx.sync.listRegions(accountId),
        })
        expect(tx.readAhead.rows).toHaveLength(2)
        expect(tx.readAhead.jobs).toHaveLength(1)
        expect(tx.readAhead.head?.seq).toBe(1)
        expect(tx.readAhead.regions).toEqual(["eu'1", 'us-1'])
      },
      { account: accountId, readAhead: request },
    )
  })

  it('claims due jobs oldest first, leases them, and hands them out again after the lease', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    await enqueue(port, makeJob({ accountId, credentialId: 'late', region: 'eu-1', runAt: at(50) }))
    await enqueue(port, makeJob({ accountId, credentialId: 'early', region: 'eu-1', runAt: at(10) }))
    await enqueue(port, makeJob({ accountId, credentialId: 'future', region: 'eu-1', runAt: at(10_000) }))
    const claimed = await storage.sync.claim(at(100), { owner: 'w1', leaseMs: 1000, limit: 10 })
    expect(claimed.map((j) => j.credentialId)).toEqual(['early', 'late'])
    expect(claimed[0]).toMatchObject({ leaseOwner: 'w1', leaseExpiresAt: at(1100) })
    expect(await storage.sync.claim(at(200), { owner: 'w2', leaseMs: 1000, limit: 10 })).toEqual([])
    const again = await storage.sync.claim(at(1100), { owner: 'w2', leaseMs: 1000, limit: 1 })
    expect(again.map((j) => [j.credentialId, j.leaseOwner])).toEqual([['early', 'w2']])
  })

  it('never hands one job to two concurrent claimers', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    for (let i = 0; i < 20; i++) {
      await enqueue(port, makeJob({ accountId, credentialId: `c${i}`, region: 'eu-1', runAt: at(i) }))
    }
    const batches = await Promise.all(
      Array.from({ length: 6 }, (_, w) =>
        storage.sync.claim(at(100), { owner: `w${w}`, leaseMs: 60_000, limit: 5 }),
      ),
    )
    const ids = batches.flat().map((j) => j.credentialId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBe(20)
  })

  it('settles: done deletes, retry reschedules, a replaced job survives its stale settle', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    await enqueue(port, makeJob({ accountId, credentialId: 'done', region: 'eu-1' }))
    await enqueue(port, makeJob({ accountId, credentialId: 'retry', region: 'eu-1' }))
    await enqueue(port, makeJob({ accountId, credentialId: 'stale', region: 'eu-1', version: 1 }))
    const claimed = await storage.sync.claim(at(0), { owner: 'w1', leaseMs: 1000, limit: 10 })
    const job = (id: string) => claimed.find((j) => j.credentialId === id)!
    expect(await settle(port, job('done'), { retryAt: null, attempts: 1 })).toBe(true)
    expect(await storage.sync.listJobs(accountId, ['done'])).toEqual([])
    expect(await settle(port, job('retry'), { retryAt: at(5000), attempts: 2 })).toBe(true)
    expect(await storage.sync.listJobs(accountId, ['retry'])).toMatchObject([
      { runAt: at(5000), attempts: 2, leaseOwner: null, leaseExpiresAt: null },
    ])
    // re-enqueued while leased: the lease is kept until the stale worker settles
    await enqueue(port, makeJob({ accountId, credentialId: 'stale', region: 'eu-1', version: 2 }))
    expect(await storage.sync.claim(at(10), { owner: 'w2', leaseMs: 1000, limit: 10 })).toEqual([])
    expect(await settle(port, job('stale'), { retryAt: null, attempts: 1 })).toBe(false)
    const [newer] = await storage.sync.listJobs(accountId, ['stale'])
    expect(newer).toMatchObject({ version: 2, leaseOwner: null })
    const next = await storage.sync.claim(at(10), { owner: 'w2', leaseMs: 1000, limit: 10 })
    expect(next.map((j) => [j.credentialId, j.version])).toEqual([['stale', 2]])
  })

  it('claims only the jobs matching the account, credential and region filters', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    const other = testId('acct')
    const job = (account: string, credentialId: string, region: string, ms: number) =>
      enqueue(port, makeJob({ accountId: account, credentialId, region, runAt: at(ms) }))
    await job(accountId, 'c1', 'eu-1', 3)
    await job(accountId, 'c1', 'us-1', 1)
    await job(accountId, 'c2', 'eu-1', 2)
    await job(other, 'c1', 'eu-1', 0)
    const pairs = (jobs: ReadonlyArray<{ accountId: string; credentialId: string; region: string }>) =>
      jobs.map((j) => [j.accountId === accountId ? 'a' : 'b', j.credentialId, j.region])
    const options = { owner: 'w1', leaseMs: 1000, limit: 10 }
    expect(pairs(await storage.sync.claim(at(10), { ...options, accountId, credentialId: 'c1' }))).toEqual([
      ['a', 'c1', 'us-1'],
      ['a', 'c1', 'eu-1'],
    ])
    // leased jobs stay out of every later claim, filtered or not, until the lease ends
    expect(await storage.sync.claim(at(20), { ...options, accountId, region: 'us-1' })).toEqual([])
    expect(pairs(await storage.sync.claim(at(20), { ...options, region: 'eu-1', limit: 1 }))).toEqual([
      ['b', 'c1', 'eu-1'],
    ])
    expect(pairs(await storage.sync.claim(at(20), { ...options, accountId }))).toEqual([['a', 'c2', 'eu-1']])
    expect(await storage.sync.claim(at(20), options)).toEqual([])
    const expired = await storage.sync.claim(at(2000), { ...options, accountId, region: 'eu-1' })
    expect(pairs(expired)).toEqual([
      ['a', 'c2', 'eu-1'],
      ['a', 'c1', 'eu-1'],
    ])
  })

  it("keeps a job's credential type and name through enqueue, claim and retry", async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    await enqueue(
      port,
      makeJob({
        accountId,
        credentialId: 'gone',
        region: 'eu-1',
        action: 'remove',
        credentialType: 'acme-wildcard',
        credentialName: 'Wildcard example.com',
      }),
    )
    const [claimed] = await storage.sync.claim(at(0), { owner: 'w1', leaseMs: 1000, limit: 10 })
    const subject = { credentialType: 'acme-wildcard', credentialName: 'Wildcard example.com' }
    expect(claimed).toMatchObject({ action: 'remove', ...subject })
    await settle(port, claimed!, { retryAt: at(50), attempts: 1 })
    expect(await storage.sync.listJobs(accountId, ['gone'])).toMatchObject([{ ...subject, attempts: 1 }])
  })

  it('breaks runAt ties by (account, credential, region), whatever the enqueue order', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    for (const credentialId of ['c2', 'c1', 'c3']) {
      await enqueue(port, makeJob({ accountId, credentialId, region: 'eu-1', runAt: at(0) }))
    }
    const claimed = await storage.sync.claim(at(0), { owner: 'w1', leaseMs: 1000, limit: 2, accountId })
    expect(claimed.map((j) => j.credentialId)).toEqual(['c1', 'c2'])
  })

  it('gives every lease a new token: a worker whose lease expired cannot settle the job another claimed', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    await enqueue(port, makeJob({ accountId, credentialId: 'c1', region: 'eu-1', runAt: at(0) }))
    const [slow] = await storage.sync.claim(at(0), { owner: 'w1', leaseMs: 1000, limit: 1 })
    const [fresh] = await storage.sync.claim(at(1000), { owner: 'w1', leaseMs: 1000, limit: 1 })
    expect(fresh!.token).not.toBe(slow!.token)
    expect(await settle(port, slow!, { retryAt: null, attempts: 1 })).toBe(false)
    expect(await storage.sync.listJobs(accountId, ['c1'])).toMatchObject([
      { leaseOwner: 'w1', leaseExpiresAt: at(2000) },
    ])
    expect(await storage.sync.claim(at(1500), { owner: 'w2', leaseMs: 1000, limit: 1 })).toEqual([])
    expect(await settle(port, fresh!, { retryAt: null, attempts: 1 })).toBe(true)
    expect(await storage.sync.listJobs(accountId, ['c1'])).toEqual([])
  })
}
