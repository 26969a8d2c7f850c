import { createMemoryRegions, createMemoryStorage } from '@credkit/memory'
import { describe, expect, it } from 'vitest'
import * as core from '../src/index.js'
import { basicAuthData } from './harness.js'

/**
 * A second copy of a core module, as in a host with two installed copies of `@credkit/core` (an
 * adapter built against one, the service from the other): the same source loaded again under
 * another URL is a separate module, with classes of its own.
 */
async function secondCopy<M>(relative: string): Promise<M> {
  const url = `${new URL(relative, import.meta.url).pathname}?copy=second`
  return (await import(/* @vite-ignore */ url)) as M
}

const other = await secondCopy<typeof import('../src/errors.js')>('../src/errors.ts')
const otherRegion = await secondCopy<typeof import('../src/region-error.js')>('../src/region-error.ts')

const admin = { accountId: 'acct', userId: 'u', roles: ['admin'] }

/** Storage whose first `losses` transactions lose a race with a CONFLICT made by the other copy. */
function losingRacesInOtherCopy(losses: number, retryable: boolean) {
  const inner = createMemoryStorage()
  let runs = 0
  const storage: core.StoragePort = {
    withTransaction(fn, options) {
      // Reads (atomic: false) are not the transaction under test.
      if (options?.atomic === false) return inner.withTransaction(fn, options)
      runs++
      if (runs <= losses) {
        const conflict = new other.CredentialsError('CONFLICT', 'The credential changed concurrently', {
          retryable,
        })
        return Promise.reject(conflict)
      }
      return inner.withTransaction(fn, options)
    },
  }
  return { storage, runs: () => runs }
}

function service(storage: core.StoragePort) {
  let now = Date.parse('2026-11-28T00:00:00Z')
  return core.createCredentials({
    storage,
    regions: createMemoryRegions({ regions: [] }),
    keys: core.createLocalKeyring({ keys: { k1: core.generateKey() }, primary: 'k1' }),
    clock: {
      now: () => new Date(now),
      sleep: async (ms) => {
        now += ms
      },
    },
  })
}

describe('errors are recognised across two copies of @credkit/core', () => {
  it('the copies are separate classes, so instanceof fails between them', () => {
    expect(other.CredentialsError).not.toBe(core.CredentialsError)
    expect(new other.CredentialsError('CONFLICT', 'x')).not.toBeInstanceOf(core.CredentialsError)
    expect(otherRegion.RegionError).not.toBe(core.RegionError)
    expect(new otherRegion.RegionError('x')).not.toBeInstanceOf(core.RegionError)
  })

  it("isCredentialsError of each copy recognises the other's errors, with their code", () => {
    const theirs = new other.CredentialsError('CONFLICT', 'lost a race', { retryable: true })
    expect(core.isCredentialsError(theirs)).toBe(true)
    expect(core.isCredentialsError(theirs, 'CONFLICT')).toBe(true)
    expect(core.isCredentialsError(theirs, 'NOT_FOUND')).toBe(false)
    const ours = new core.CredentialsError('IN_USE', 'still used')
    expect(other.isCredentialsError(ours, 'IN_USE')).toBe(true)
    expect(other.isCredentialsError(ours, 'CONFLICT')).toBe(false)
  })

  it('isRegionError of each copy recognises the other’s RegionError', () => {
    const theirs = new otherRegion.RegionError('denied', { status: 403, reason: 'Forbidden' })
    expect(core.isRegionError(theirs)).toBe(true)
    expect(otherRegion.isRegionError(new core.RegionError('gone', { status: 404 }))).toBe(true)
  })

  it('an error that only looks like one (same name and fields, no brand) is not one', () => {
    const lookAlike = Object.assign(new Error('x'), {
      name: 'CredentialsError',
      code: 'CONFLICT',
      retryable: true,
    })
    expect(core.isCredentialsError(lookAlike)).toBe(false)
    const regionLookAlike = Object.assign(new Error('x'), {
      name: 'RegionError',
      status: 403,
      reason: 'Forbidden',
    })
    expect(core.isRegionError(regionLookAlike)).toBe(false)
    for (const value of [null, undefined, 'CONFLICT', 42, {}]) {
      expect(core.isCredentialsError(value)).toBe(false)
      expect(core.isRegionError(value)).toBe(false)
    }
  })

  it('the retry loop retries a retryable CONFLICT that an adapter made with the other copy', async () => {
    const { storage, runs } = losingRacesInOtherCopy(2, true)
    const view = await service(storage).create(admin, {
      type: 'basic-auth',
      name: 'a',
      data: basicAuthData(),
    })
    expect(view.name).toBe('a')
    expect(runs()).toBe(3)

    const refused = losingRacesInOtherCopy(1, false)
    const error = await service(refused.storage)
      .create(admin, { type: 'basic-auth', name: 'b', data: basicAuthData() })
      .catch((caught: unknown) => caught)
    expect(core.isCredentialsError(error, 'CONFLICT')).toBe(true)
    expect(refused.runs()).toBe(1)
  })
})
