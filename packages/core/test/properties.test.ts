import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
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

describe('invariants', () => {
  it('at most one default registry under any sequence of create/update/setDefault/delete, concurrent or not', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 14 }), fc.boolean(), async (steps, concurrent) => {
        run++
        const actor = { ...admin, accountId: `acct-prop-${run}` }
        const ids: string[] = []
        const exec = async (s: (typeof steps)[number], i: number) => {
          const pick = 'pick' in s ? ids[s.pick % Math.max(ids.length, 1)] : undefined
          if (s.op === 'create') {
            const view = await h.credentials.create(actor, {
              type: 'container-registry',
              name: `r${i}`,
              data: registryData(),
              ...(s.isDefault === undefined ? {} : { isDefault: s.isDefault }),
            })
            ids.push(view.id)
          } else if (pick && s.op === 'setDefault') await h.credentials.setDefault(actor, pick)
          else if (pick && s.op === 'update')
            await h.credentials.update(actor, pick, { isDefault: s.isDefault })
          else if (pick && s.op === 'delete') await h.credentials.delete(actor, pick).catch(() => undefined)
        }
        if (concurrent) await Promise.allSettled(steps.map(exec))
        else for (const [i, s] of steps.entries()) await exec(s, i).catch(() => undefined)
        const rows = await h.storage.credentials.list(actor.accountId)
        expect(rows.filter((r) => r.isDefault).length).toBeLessThanOrEqual(1)
        // the first registry ever created is the default unless something changed it since
        if (steps.length > 0 && steps.every((s) => s.op === 'create')) {
          expect(rows.filter((r) => r.isDefault)).toHaveLength(1)
        }
      }),
      { numRuns: 60 },
    )
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
          expect(await h.storage.credentials.listNotUnderKey('new', null, 1000)).toEqual([])
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
