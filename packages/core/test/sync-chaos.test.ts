import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { contentHash } from '../src/sync/content-hash.js'
import { ACCOUNT, actors } from './harness.js'
import { createStatusWatch, seededRandom, syncSecret, useSyncHarness } from './sync-harness.js'

const REGIONS = ['ap-1', 'eu-1', 'eu-2', 'us-1']
const CREDENTIALS = 200
const ROUNDS = 80
const MAX_DELAY_MS = 60_000

let watch = createStatusWatch()
const h = useSyncHarness({
  regions: REGIONS,
  sync: { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: MAX_DELAY_MS },
  // on the harness's manual clock: pushes stay in flight while edits land, and no test time passes
  regionOptions: { seed: 2026, latencyMs: 50 },
  storage: (inner) => {
    watch = createStatusWatch()
    return watch.wrap(inner)
  },
})
const { admin } = actors

// Every wait (region latency, timeouts, backoff) is on the harness's manual clock: the run is the
// same on every machine and never sleeps. What it costs is CPU: about 3 800 jobs, each a few
// transactions on the memory store, a decryption, audit events and the status watch's checks
// (several seconds on a loaded 2-core machine), hence its own timeout.
const CPU_BUDGET_MS = 60_000

describe('chaos', () => {
  it(`${CREDENTIALS} credentials × ${REGIONS.length} regions, 30% failures, an outage, edits between ticks: converges`, {
    timeout: CPU_BUDGET_MS,
  }, async () => {
    const rng = seededRandom(99)
    const pick = <T>(items: ReadonlyArray<T>): T => items[Math.floor(rng.float() * items.length)]!
    const passwords = new Map<string, string>()
    const deleted = new Set<string>()
    const totals = { processed: 0, synced: 0, failed: 0, removed: 0, edits: 0 }
    const tick = async () => {
      const result = await h.clock.run(h.credentials.runDueJobs({ concurrency: 16, perRegionConcurrency: 4 }))
      for (const key of ['processed', 'synced', 'failed', 'removed'] as const) totals[key] += result[key]
    }
    let created = 0
    const create = async () => {
      const password = syncSecret('chaos')
      const view = await h.credentials.create(admin, {
        type: 'basic-auth',
        name: `gate-${created++}`,
        data: { username: 'staging', password },
      })
      passwords.set(view.id, password)
    }
    const edit = async () => {
      // Half the edits hit a credential whose push is in flight right now: the stale-job race.
      const inFlight = (await h.reader.jobs(ACCOUNT))
        .filter((job) => job.leaseOwner !== null && passwords.has(job.credentialId))
        .map((job) => job.credentialId)
      const id = inFlight.length > 0 && rng.float() < 0.5 ? pick(inFlight) : pick([...passwords.keys()])
      const roll = rng.float()
      totals.edits++
      if (roll < 0.1) {
        await h.credentials.delete(admin, id)
        passwords.delete(id)
        deleted.add(id)
      } else if (roll < 0.2) {
        await create()
      } else if (roll < 0.6) {
        const password = syncSecret('chaos')
        await h.credentials.update(admin, id, { data: { password } })
        passwords.set(id, password)
      } else if (roll < 0.8) {
        await h.credentials.update(admin, id, { data: { username: `user-${Math.floor(rng.float() * 1e6)}` } })
      } else {
        await h.credentials.update(admin, id, { name: `renamed-${created++}` })
      }
    }

    // Between ticks no worker runs: a status may only show `syncing` while a job holds a live lease.
    const leftSyncing = async () => {
      const now = h.clock.now()
      const left: string[] = []
      for (const status of await h.reader.statuses(ACCOUNT)) {
        if (status.state !== 'syncing') continue
        const job = (await storesOf(h.storage).sync.listJobs(ACCOUNT, [status.credentialId])).find(
          (j) => j.region === status.region,
        )
        if (!job?.leaseExpiresAt || job.leaseExpiresAt <= now)
          left.push(`${status.credentialId}|${status.region}`)
      }
      return left
    }

    const started = h.clock.now().getTime()
    for (const region of REGIONS) await h.clock.run(h.credentials.prepareRegion(ACCOUNT, region))
    for (let i = 0; i < CREDENTIALS; i++) await create()
    const t0 = h.clock.now().getTime()
    h.regions.faults.failRate('*', 0.3)
    h.regions.faults.down('ap-1', new Date(t0 + 5 * 60_000), new Date(t0 + 35 * 60_000))

    for (let round = 0; round < ROUNDS; round++) {
      // a worker tick runs while edits land
      const edits = (async () => {
        for (let i = Math.floor(rng.float() * 8); i > 0; i--) {
          await new Promise((resolve) => setImmediate(resolve))
          await edit()
        }
      })()
      await Promise.all([tick(), edits])
      expect(await leftSyncing(), `round ${round}`).toEqual([])
      await h.clock.advance(Math.floor(rng.float() * 60_000))
    }

    // The storm ends; retries run out their backoff. Exhausted ones wait for syncNow.
    h.regions.faults.clear()
    for (let i = 0; i < 20 && (await h.reader.jobs(ACCOUNT)).length > 0; i++) {
      await h.clock.advance(MAX_DELAY_MS)
      await tick()
    }
    const exhausted = (await h.reader.statuses(ACCOUNT)).filter((s) => s.state === 'error')
    for (const id of new Set(exhausted.map((s) => s.credentialId))) {
      await h.clock.run(h.credentials.syncNow(admin, id))
    }

    const live = await storesOf(h.storage).credentials.list(ACCOUNT)
    expect(live.map((r) => r.id).sort()).toEqual([...passwords.keys()].sort())
    const statuses = await h.reader.statuses(ACCOUNT)
    for (const record of live) {
      for (const region of REGIONS) {
        const status = statuses.find((s) => s.credentialId === record.id && s.region === region)
        expect(status, `${record.id} in ${region}`).toMatchObject({
          state: 'synced',
          version: record.version,
        })
        const object = h.regions.holdings(region).get(record.id)
        expect(object?.observation).toMatchObject({
          version: record.version,
          contentHash: contentHash(record),
        })
        const payload = object!.credential.payload as { password: { reveal(): string } }
        expect(payload.password.reveal()).toBe(passwords.get(record.id))
      }
    }
    for (const id of deleted) {
      for (const region of REGIONS) expect(h.regions.holdings(region).has(id)).toBe(false)
      expect(statuses.filter((s) => s.credentialId === id)).toEqual([])
    }
    expect(await h.reader.jobs(ACCOUNT)).toEqual([])
    expect(statuses.filter((s) => s.state === 'syncing')).toEqual([])
    expect(watch.violations).toEqual([])
    // the race was exercised: pushes that landed after a newer version was written
    const olderPushes = watch.writes.filter(
      (w) =>
        w.version !== w.previousVersion &&
        w.version !== null &&
        w.rowVersion !== null &&
        w.version < w.rowVersion,
    )
    expect(olderPushes.length).toBeGreaterThan(0)
    expect((await h.credentials.verifyAuditChain(ACCOUNT)).ok).toBe(true)
    expect(totals.failed).toBeGreaterThan(totals.processed * 0.2)
    expect(deleted.size).toBeGreaterThan(10)
    console.info(
      `chaos: ${live.length} live, ${deleted.size} deleted, ${totals.edits} edits, ${totals.processed} jobs ` +
        `(${totals.synced} synced, ${totals.failed} failed, ${totals.removed} removed), ` +
        `${exhausted.length} exhausted → syncNow, ${watch.writes.length} status writes checked ` +
        `(${olderPushes.length} for a push overtaken by an edit), ${Math.round((h.clock.now().getTime() - started) / 60_000)} min on the clock`,
    )
  })
})
