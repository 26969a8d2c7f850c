import { storesOf } from '@credkit/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contentHash } from '../src/sync/content-hash.js'
import { ACCOUNT, actors } from './harness.js'
import { buildSync, createStatusWatch, expectNoSecret, type SyncHarness, syncSecret } from './sync-harness.js'

const REGIONS = ['eu-1', 'us-1'] as const
const MAX_ATTEMPTS = 3
const MAX_DELAY_MS = 8_000
const { admin } = actors

/** What the engine must converge to, and what it has shown so far. */
interface Model {
  /** Live credentials and their current version. */
  readonly versions: Map<string, number>
  readonly deleted: Set<string>
  readonly down: Set<string>
  /** Failures scripted and maybe not consumed yet, per region. */
  readonly failNext: Map<string, number>
  /** Highest version each region was seen holding, per `id|region`. */
  readonly held: Map<string, number>
  names: number
}

type Real = SyncHarness & { readonly watch: ReturnType<typeof createStatusWatch> }
type Command = fc.AsyncCommand<Model, Real>

function command(
  name: string,
  check: (m: Readonly<Model>) => boolean,
  run: (m: Model, h: Real) => Promise<void>,
): Command {
  return {
    check,
    run: async (m, h) => {
      await run(m, h)
      await invariants(m, h)
    },
    toString: () => name,
  }
}

const live = (m: Readonly<Model>) => [...m.versions.keys()]
const nth = (m: Readonly<Model>, i: number) => live(m)[i % Math.max(1, m.versions.size)]!

const create = command(
  'create',
  () => true,
  async (m, h) => {
    const view = await h.credentials.create(admin, {
      type: 'basic-auth',
      name: `n-${m.names++}`,
      data: { username: 'staging', password: syncSecret('model') },
    })
    m.versions.set(view.id, 1)
  },
)
const edit = (i: number, kind: 'password' | 'rename') =>
  command(
    `${kind}(${i})`,
    (m) => m.versions.size > 0,
    async (m, h) => {
      const id = nth(m, i)
      const input =
        kind === 'password' ? { data: { password: syncSecret('model') } } : { name: `n-${m.names++}` }
      const view = await h.credentials.update(admin, id, input)
      m.versions.set(id, m.versions.get(id)! + 1)
      expect(view.version).toBe(m.versions.get(id))
    },
  )
const remove = (i: number) =>
  command(
    `delete(${i})`,
    (m) => m.versions.size > 0,
    async (m, h) => {
      const id = nth(m, i)
      await h.credentials.delete(admin, id)
      m.versions.delete(id)
      m.deleted.add(id)
    },
  )
const failNext = (region: string, count: number) =>
  command(
    `failNext(${region}, ${count})`,
    () => true,
    async (m, h) => {
      h.regions.faults.failNext(region, count, `scripted failure in ${region}`)
      m.failNext.set(region, (m.failNext.get(region) ?? 0) + count)
    },
  )
const outage = (region: string, down: boolean) =>
  command(
    `${down ? 'down' : 'up'}(${region})`,
    () => true,
    async (m, h) => {
      if (down) h.regions.faults.down(region)
      else h.regions.faults.up(region)
      if (down) m.down.add(region)
      else m.down.delete(region)
    },
  )
const tick = command(
  'tick',
  () => true,
  async (_m, h) => {
    await h.credentials.runDueJobs({ concurrency: 3, perRegionConcurrency: 2 })
  },
)
/** A tick during which credential `i`, or one being pushed, is edited or deleted mid-push. */
const editDuringPush = (region: string, i: number, del: boolean) =>
  command(
    `${del ? 'deleteDuringPush' : 'editDuringPush'}(${region}, ${i})`,
    (m) => m.versions.size > 0,
    async (m, h) => {
      const gate = h.regions.faults.hold(region)
      const run = h.credentials.runDueJobs()
      const reached = await Promise.race([gate.reached.then(() => true), run.then(() => false)])
      if (reached) {
        const leased = (await h.reader.jobs(ACCOUNT))
          .filter((j) => j.leaseOwner !== null && j.region === region && m.versions.has(j.credentialId))
          .map((j) => j.credentialId)
        const id = leased[i % Math.max(1, leased.length)] ?? nth(m, i)
        if (del) {
          await h.credentials.delete(admin, id)
          m.versions.delete(id)
          m.deleted.add(id)
        } else {
          await h.credentials.update(admin, id, { data: { password: syncSecret('model') } })
          m.versions.set(id, m.versions.get(id)! + 1)
        }
      }
      gate.release()
      await run
    },
  )
const advance = (ms: number) =>
  command(
    `advance(${ms})`,
    () => true,
    async (_m, h) => h.clock.advance(ms),
  )
const syncNow = (i: number) =>
  command(
    `syncNow(${i})`,
    (m) => m.versions.size > 0,
    async (m, h) => {
      const id = nth(m, i)
      const before = REGIONS.map((r) => h.regions.writes(r))
      const wasSynced = (await storesOf(h.storage).sync.listStatuses(ACCOUNT, [id])).every(
        (s) => s.state === 'synced' && s.version === m.versions.get(id),
      )
      const results = await h.credentials.syncNow(admin, id)
      expect(results.map((r) => r.region)).toEqual([...REGIONS])
      for (const result of results) {
        if (result.state === 'synced') expect(result.version).toBe(m.versions.get(id))
        if (result.state === 'error') expect(result.error).toMatch(/unavailable|scripted failure/)
      }
      // nothing changed and nothing can fail: a resync writes nothing
      const quiet = m.down.size === 0 && [...m.failNext.values()].every((n) => n === 0)
      if (wasSynced && quiet) {
        expect(REGIONS.map((r) => h.regions.writes(r))).toEqual(before)
        expect(results.every((r) => r.state === 'synced')).toBe(true)
      }
    },
  )

/** What must hold after every step. */
async function invariants(m: Model, h: Real): Promise<void> {
  // checked on every status write, inside its transaction: synced only at the row's version
  expect(h.watch.violations).toEqual([])
  const statuses = await h.reader.statuses(ACCOUNT)
  for (const status of statuses) {
    const row = await storesOf(h.storage).credentials.get(ACCOUNT, status.credentialId)
    if (status.state === 'synced' && row) {
      // never synced for a version older than the row's, and the region really holds it
      expect(row.version).toBe(status.version)
      const held = h.held(status.region, status.credentialId)
      expect(held).toMatchObject({ version: row.version, contentHash: contentHash(row) })
    }
    if (!row) {
      // a deleted credential keeps its status only while its removal is pending
      expect(m.deleted.has(status.credentialId)).toBe(true)
      const jobs = await storesOf(h.storage).sync.listJobs(ACCOUNT, [status.credentialId])
      expect(jobs.some((j) => j.region === status.region && j.action === 'remove')).toBe(true)
    }
    if (status.state === 'error') {
      expect(status.error?.message).toBeTruthy()
      expect(status.attempts).toBeGreaterThanOrEqual(1)
      expect(status.nextAttemptAt === null).toBe(status.attempts >= MAX_ATTEMPTS)
    }
    if (row && status.state !== 'synced' && status.nextAttemptAt !== null) {
      // not in place yet and not given up: some job will get there
      const jobs = await storesOf(h.storage).sync.listJobs(ACCOUNT, [status.credentialId])
      expect(jobs.some((j) => j.region === status.region && j.action === 'apply')).toBe(true)
    }
  }
  for (const region of REGIONS) {
    for (const [id, object] of h.regions.holdings(region)) {
      const key = `${id}|${region}`
      const current = m.versions.get(id)
      expect(current === undefined ? m.deleted.has(id) : object.observation.version <= current).toBe(true)
      expect(object.observation.version).toBeGreaterThanOrEqual(m.held.get(key) ?? 0)
      m.held.set(key, object.observation.version)
    }
    for (const id of m.versions.keys()) {
      if (m.held.has(`${id}|${region}`)) expect(h.held(region, id)).not.toBeNull()
    }
  }
}

/** Faults end; the engine must converge to the model (syncNow for what gave up). */
async function converge(m: Model, h: Real): Promise<void> {
  h.regions.faults.clear()
  m.down.clear()
  m.failNext.clear()
  for (let i = 0; i < 30 && (await h.reader.jobs(ACCOUNT)).length > 0; i++) {
    await h.clock.advance(MAX_DELAY_MS)
    await h.credentials.runDueJobs()
  }
  for (const status of await h.reader.statuses(ACCOUNT)) {
    if (status.state === 'error') await h.credentials.syncNow(admin, status.credentialId)
  }
  await invariants(m, h)
  const statuses = await h.reader.statuses(ACCOUNT)
  for (const [id, version] of m.versions) {
    for (const region of REGIONS) {
      expect(statuses.find((s) => s.credentialId === id && s.region === region)).toMatchObject({
        state: 'synced',
        version,
      })
      expect(h.held(region, id)?.version).toBe(version)
    }
  }
  for (const id of m.deleted) {
    for (const region of REGIONS) expect(h.held(region, id)).toBeNull()
    expect(statuses.some((s) => s.credentialId === id)).toBe(false)
  }
  expect(await h.reader.jobs(ACCOUNT)).toEqual([])
  expectNoSecret(await h.reader.dump())
}

const region = fc.constantFrom(...REGIONS)
const commands = fc.commands(
  [
    fc.constant(create),
    fc.constant(create),
    fc
      .tuple(fc.nat(), fc.constantFrom<'password' | 'rename'>('password', 'rename'))
      .map(([i, k]) => edit(i, k)),
    fc.nat().map(remove),
    fc.tuple(region, fc.integer({ min: 1, max: 4 })).map(([r, n]) => failNext(r, n)),
    fc.tuple(region, fc.boolean()).map(([r, down]) => outage(r, down)),
    fc.tuple(region, fc.nat(), fc.boolean()).map(([r, i, del]) => editDuringPush(r, i, del)),
    fc.constant(tick),
    fc.constant(tick),
    fc.constant(tick),
    fc.integer({ min: 0, max: 2 * MAX_DELAY_MS }).map(advance),
    fc.integer({ min: 0, max: 2 * MAX_DELAY_MS }).map(advance),
    fc.nat().map(syncNow),
  ],
  { maxCommands: 40, size: 'max' },
)

/** 150 runs of up to 40 steps: CPU only (time is the harness's manual clock), several seconds. */
const CPU_BUDGET_MS = 60_000

describe('sync state machine (model-based)', () => {
  it('never shows a stale synced status and converges to the model once faults end', {
    timeout: CPU_BUDGET_MS,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(commands, fc.integer({ min: 1, max: 1_000_000 }), async (cmds, seed) => {
        const watch = createStatusWatch()
        const h: Real = {
          watch,
          ...buildSync({
            regions: [...REGIONS],
            storage: watch.wrap,
            seed,
            sync: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1_000, maxDelayMs: MAX_DELAY_MS },
          }),
        }
        for (const r of REGIONS) await h.credentials.prepareRegion(ACCOUNT, r)
        const model: Model = {
          versions: new Map(),
          deleted: new Set(),
          down: new Set(),
          failNext: new Map(),
          held: new Map(),
          names: 0,
        }
        await fc.asyncModelRun(() => ({ model, real: h }), cmds)
        await converge(model, h)
      }),
      { numRuns: 150 },
    )
  })
})
