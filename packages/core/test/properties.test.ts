import { storesOf } from '@credkit/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import { isCredentialsError } from '../src/errors.js'
import type { StoragePort } from '../src/ports/storage-port.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { actors, basicAuthData, passwordOf, registryData, useHarness } from './harness.js'

const h = useHarness()
const { admin } = actors

const step = fc.oneof(
  fc.record({ op: fc.constant('create' as const), isDefault: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ op: fc.constant('setDefault' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('update' as const), pick: fc.nat(), isDefault: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
)
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

/** The default registry a sequence predicts: create, setDefault, update and delete as documented. */
interface DefaultModel {
  live: string[]
  defaultId: string | null
}

let run = 0
/** A fresh account; `storage` wraps the harness's (the concurrent runs schedule its transactions). */
function account(storage = h.storage) {
  run++
  const actor = { ...admin, accountId: `acct-prop-${run}` }
  const credentials = createCredentials({ storage, regions: h.regions, keys: h.keys, clock: h.clock })
  return { actor, credentials }
}

/** Rows and the default index agree, and at most one registry is the default. */
async function expectOneDefaultAtMost(accountId: string): Promise<string | null> {
  const rows = await storesOf(h.storage).credentials.list(accountId)
  const defaults = rows.filter((r) => r.isDefault).map((r) => r.id)
  expect(defaults.length).toBeLessThanOrEqual(1)
  expect((await storesOf(h.storage).credentials.getDefault(accountId))?.id ?? null).toBe(defaults[0] ?? null)
  return defaults[0] ?? null
}

describe('invariants', () => {
  it('one sequence of create/update/setDefault/delete leaves exactly the default the model predicts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 14 }), async (steps) => {
        const { actor, credentials } = account()
        const model: DefaultModel = { live: [], defaultId: null }
        // calls run under the clock's control: a transaction retried after a lost race waits on it
        for (const [i, s] of steps.entries()) {
          // only live ids are picked: every call must succeed, no error is tolerated
          const id = s.op === 'create' ? undefined : model.live[s.pick % model.live.length]
          if (s.op === 'create') {
            const view = await h.clock.run(
              credentials.create(actor, {
                type: 'container-registry',
                name: `r${i}`,
                data: registryData(),
                ...(s.isDefault === undefined ? {} : { isDefault: s.isDefault }),
              }),
            )
            if (model.live.length === 0 || s.isDefault === true) model.defaultId = view.id
            model.live.push(view.id)
          } else if (id === undefined) {
          } else if (s.op === 'setDefault') {
            await h.clock.run(credentials.setDefault(actor, id))
            model.defaultId = id
          } else if (s.op === 'update') {
            await h.clock.run(credentials.update(actor, id, { isDefault: s.isDefault }))
            if (s.isDefault) model.defaultId = id
            else if (model.defaultId === id) model.defaultId = null
          } else {
            await h.clock.run(credentials.delete(actor, id))
            model.live = model.live.filter((live) => live !== id)
            if (model.defaultId === id) model.defaultId = null
          }
        }
        expect(await expectOneDefaultAtMost(actor.accountId)).toBe(model.defaultId)
      }),
      { numRuns: 60 },
    )
  })

  it('concurrent create/update/setDefault/delete, in any interleaving of their transactions, leave one default at most', async () => {
    const seeds = fc.array(fc.option(fc.boolean(), { nil: undefined }), { minLength: 1, maxLength: 3 })
    const exercised = { update: 0, setDefault: 0, delete: 0, notFound: 0, overlapping: 0 }
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        seeds,
        fc.array(step, { minLength: 2, maxLength: 12 }),
        async (s, seedDefaults, steps) => {
          // Each transaction starts when the scheduler says: the steps' reads and writes interleave.
          const storage: StoragePort = {
            ...h.storage,
            withTransaction: (fn) =>
              s.schedule(Promise.resolve(), 'tx').then(() => h.storage.withTransaction(fn)),
          }
          const { actor, credentials } = account(storage)
          const known: string[] = []
          const deleted = new Set<string>()
          const create = async (name: string, isDefault: boolean | undefined) => {
            const view = await credentials.create(actor, {
              type: 'container-registry',
              name,
              data: registryData(),
              ...(isDefault === undefined ? {} : { isDefault }),
            })
            known.push(view.id)
          }
          for (const [i, isDefault] of seedDefaults.entries()) {
            await h.clock.run(s.waitFor(create(`seed${i}`, isDefault)))
          }

          let inFlight = 0
          const exec = async (st: Step, i: number) => {
            if (st.op === 'create') return create(`r${i}`, st.isDefault)
            // picked when the step starts: seeds and whatever earlier steps created by then
            const id = known[st.pick % known.length]!
            if (inFlight > 0) exercised.overlapping++
            inFlight++
            try {
              if (st.op === 'setDefault') await credentials.setDefault(actor, id)
              else if (st.op === 'update') await credentials.update(actor, id, { isDefault: st.isDefault })
              else {
                await credentials.delete(actor, id)
                deleted.add(id)
              }
              exercised[st.op]++
            } catch (error) {
              // The one expected failure: another step deleted this credential first.
              const row = await storesOf(h.storage).credentials.get(actor.accountId, id)
              if (isCredentialsError(error, 'NOT_FOUND') && row?.deletedAt != null) {
                exercised.notFound++
                return
              }
              throw error
            } finally {
              inFlight--
            }
          }
          const tasks = steps.map((st, i) =>
            s.schedule(Promise.resolve(), `${st.op}#${i}`).then(() => exec(st, i)),
          )
          // the clock moves when every step waits on it (a transaction retried after a lost race)
          const outcomes = await h.clock.run(s.waitFor(Promise.allSettled(tasks)))
          // every failure other than NOT_FOUND-after-a-delete fails the property
          for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason

          const defaultId = await expectOneDefaultAtMost(actor.accountId)
          const live = (await storesOf(h.storage).credentials.list(actor.accountId)).map((r) => r.id)
          expect(live.sort()).toEqual(known.filter((id) => !deleted.has(id)).sort())
          // nothing ever cleared the default: one of the live registries still is
          if (steps.every((st) => st.op !== 'delete' && !(st.op === 'update' && !st.isDefault))) {
            expect(defaultId).not.toBeNull()
          }
        },
      ),
      { numRuns: 80 },
    )
    // the runs did what the name says: every kind of step succeeded, some while others ran
    expect(exercised.update).toBeGreaterThan(20)
    expect(exercised.setDefault).toBeGreaterThan(20)
    expect(exercised.delete).toBeGreaterThan(20)
    expect(exercised.notFound).toBeGreaterThan(0)
    expect(exercised.overlapping).toBeGreaterThan(50)
  })

  it('rotateKeys keeps every secret readable and leaves no envelope under the old key', async () => {
    const oldKey = generateKey()
    const newKey = generateKey()
    const before = createCredentials({
      storage: h.storage,
      regions: h.regions,
      keys: createLocalKeyring({ keys: { old: oldKey }, primary: 'old' }),
      clock: h.clock,
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 8 }),
        async (passwords) => {
          const run = `acct-rot-${Math.random().toString(36).slice(2)}`
          const actor = { ...admin, accountId: run }
          const ids: Array<[string, string]> = []
          for (const [i, password] of passwords.entries()) {
            if (password.includes('\n') || password.includes('\r') || password.includes('\0')) continue
            const view = await before.create(actor, {
              type: 'basic-auth',
              name: `b${i}`,
              data: basicAuthData({ password }),
            })
            ids.push([view.id, password])
          }
          const after = createCredentials({
            storage: h.storage,
            regions: h.regions,
            keys: createLocalKeyring({ keys: { old: oldKey, new: newKey }, primary: 'new' }),
            clock: h.clock,
          })
          const progress = await after.rotateKeys({ batchSize: 3 })
          expect(progress.failed).toEqual([])
          expect(await storesOf(h.storage).credentials.listNotUnderKey('new', null, 1000)).toEqual([])
          for (const [id, password] of ids) {
            expect(await passwordOf(after, actor, id)).toBe(password)
            expect((await h.reader.credential(id))?.keyId).toBe('new')
          }
          // the new key alone opens everything: the old key can be retired
          const retired = createCredentials({
            storage: h.storage,
            regions: h.regions,
            keys: createLocalKeyring({ keys: { new: newKey }, primary: 'new' }),
            clock: h.clock,
          })
          for (const [id, password] of ids) expect(await passwordOf(retired, actor, id)).toBe(password)
        },
      ),
      { numRuns: 15 },
    )
  })
})

describe('rotateKeys options', () => {
  it('refuses a bad batch size before touching anything', async () => {
    for (const batchSize of [0, -1, 1.5, 100_000]) {
      await expect(h.credentials.rotateKeys({ batchSize })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'options.batchSize',
      })
    }
  })
})

describe('unknown fields', () => {
  it('are refused without repeating the key, which is input', async () => {
    const key = 'password=hunter2-s3cr3t'
    const error = await h.credentials
      .create(admin, { type: 'basic-auth', name: 'g', data: { ...basicAuthData(), [key]: 'x' } } as never)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data' })
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('hunter2')
  })

  it('rotateKeys takes null options and refuses a bad callback', async () => {
    await expect(h.credentials.rotateKeys(null)).resolves.toMatchObject({ rotated: 0 })
    await expect(h.credentials.rotateKeys({ onProgress: 'log' as never })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'options.onProgress',
    })
  })
})
