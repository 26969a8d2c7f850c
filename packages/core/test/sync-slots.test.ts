import { createMemoryRegions, createMemoryStorage } from '@credkit/memory'
import { createManualClock, storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import type { SyncSettings } from '../src/context/settings.js'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import type { RegionPort } from '../src/ports/region-port.js'
import type { StoragePort } from '../src/ports/storage-port.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { ACCOUNT, actors } from './harness.js'
import { basicAuth, seededRandom } from './sync-harness.js'

const { admin } = actors

/**
 * The SDK on memory adapters whose region calls take `latencyMs` of a manual clock, with the
 * region calls under way counted (overall and per region) and the claims counted.
 */
function build(regionIds: string[], latencyMs: number, sync: Partial<SyncSettings> = {}) {
  const clock = createManualClock()
  const inner = createMemoryStorage()
  const seen = { calls: 0, peak: 0, peakIn: new Map<string, number>(), claims: 0, unmarked: 0 }
  const inFlight = new Map<string, number>()
  const storage: StoragePort = {
    withTransaction: (fn, options) =>
      inner.withTransaction(
        (tx) =>
          fn({
            ...tx,
            sync: {
              ...tx.sync,
              claim: (now, claimOptions) => {
                seen.claims++
                return tx.sync.claim(now, claimOptions)
              },
            },
          }),
        options,
      ),
  }
  const memory = createMemoryRegions({ regions: regionIds, clock, latencyMs })
  const regions: RegionPort = {
    ...memory,
    async apply(region, credential, options) {
      // The `syncing` mark commits before the call starts, whatever the job waited for.
      const statuses = await storesOf(inner).sync.listStatuses(ACCOUNT, [credential.credentialId])
      if (statuses.find((s) => s.region === region)?.state !== 'syncing') seen.unmarked++
      const now = (inFlight.get(region) ?? 0) + 1
      inFlight.set(region, now)
      seen.calls++
      seen.peak = Math.max(
        seen.peak,
        [...inFlight.values()].reduce((a, b) => a + b, 0),
      )
      seen.peakIn.set(region, Math.max(seen.peakIn.get(region) ?? 0, now))
      try {
        return await memory.apply(region, credential, options)
      } finally {
        inFlight.set(region, inFlight.get(region)! - 1)
      }
    },
  }
  const keys = createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })
  const credentials = createCredentials({
    storage,
    regions,
    keys,
    clock,
    random: seededRandom(),
    sync: { callTimeoutMs: 2_000, leaseMs: 120_000, ...sync },
  })
  const activate = () =>
    inner.withTransaction(
      async (tx) => {
        for (const region of regionIds) await tx.sync.addRegion(ACCOUNT, region)
      },
      { account: ACCOUNT },
    )
  return { clock, credentials, memory, seen, activate }
}

describe('runDueJobs region-call slots', () => {
  it('never has more than `concurrency` calls under way, nor more than `perRegionConcurrency` in one region, and fills them', async () => {
    const t = build(['eu-1', 'eu-2', 'us-1'], 10)
    await t.activate()
    for (let i = 0; i < 20; i++)
      await t.credentials.create(admin, { type: 'basic-auth', name: `c-${i}`, data: basicAuth() })
    t.seen.claims = 0
    const result = await t.clock.run(t.credentials.runDueJobs({ concurrency: 6, perRegionConcurrency: 3 }))
    expect(result).toMatchObject({ processed: 60, synced: 60, failed: 0 })
    expect(t.seen.calls).toBe(60)
    expect(t.seen.peak).toBe(6)
    expect(Math.max(...t.seen.peakIn.values())).toBe(3)
    expect(t.seen.unmarked).toBe(0)
    // Claimed ahead in batches, not one claim per freed slot.
    expect(t.seen.claims).toBeLessThan(60 / 2)
  })

  it('hands back a job that waited for its slot until its lease could end during the call; the run pushes it again', async () => {
    // Calls of 1.5 s, a lease of 3 s: the second job, claimed while the first calls, gets its
    // slot with 1.5 s of lease left, less than the 2 s its call may take.
    const t = build(['eu-1'], 1_500, { callTimeoutMs: 2_000, leaseMs: 3_000 })
    await t.activate()
    for (const name of ['a', 'b'])
      await t.credentials.create(admin, { type: 'basic-auth', name, data: basicAuth() })
    const result = await t.clock.run(t.credentials.runDueJobs({ concurrency: 1 }))
    expect(result).toMatchObject({ processed: 3, synced: 2, failed: 0 })
    expect(t.seen.calls).toBe(2)
    expect(t.memory.writes('eu-1')).toBe(2)
    expect(t.seen.unmarked).toBe(0)
  })
})
