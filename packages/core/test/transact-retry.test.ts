import { createMemoryRegions, createMemoryStorage } from '@credkit/memory'
import { describe, expect, it } from 'vitest'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import { CredentialsError } from '../src/errors.js'
import type { Clock } from '../src/ports/clock.js'
import { systemRandom } from '../src/ports/random.js'
import type { StoragePort } from '../src/ports/storage-port.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { basicAuthData } from './harness.js'

const admin = { accountId: 'acct', userId: 'u', roles: ['admin'] }

/** A clock whose sleeps return at once and are recorded. */
function recordingClock() {
  let now = Date.parse('2026-11-28T00:00:00Z')
  const sleeps: number[] = []
  const clock: Clock = {
    now: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms)
      now += ms
    },
  }
  return { clock, sleeps }
}

/** Storage whose first `losses` transactions lose a race. */
function losingRaces(losses: number, retryable = true): StoragePort & { runs(): number } {
  const inner = createMemoryStorage()
  let runs = 0
  return {
    runs: () => runs,
    withTransaction(fn, options) {
      // Reads (atomic: false) are not the transaction under test.
      if (options?.atomic === false) return inner.withTransaction(fn, options)
      runs++
      if (runs <= losses) {
        return Promise.reject(
          new CredentialsError('CONFLICT', 'The credential changed concurrently', { retryable }),
        )
      }
      return inner.withTransaction(fn, options)
    },
  }
}

function service(storage: StoragePort, clock: Clock, jitter: number) {
  return createCredentials({
    storage,
    regions: createMemoryRegions({ regions: [] }),
    keys: createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' }),
    clock,
    random: { ...systemRandom, float: () => jitter },
  })
}

describe('a transaction that lost a race runs again after a jittered, doubling backoff', () => {
  it('waits on the clock between runs, each wait drawn below a doubling cap', async () => {
    const { clock, sleeps } = recordingClock()
    const storage = losingRaces(3)
    await service(storage, clock, 0.999).create(admin, {
      type: 'basic-auth',
      name: 'a',
      data: basicAuthData(),
    })
    expect(storage.runs()).toBe(4)
    expect(sleeps).toEqual([5, 10, 20])

    const low = recordingClock()
    await service(losingRaces(2), low.clock, 0.1).create(admin, {
      type: 'basic-auth',
      name: 'b',
      data: basicAuthData(),
    })
    expect(low.sleeps).toEqual([1, 1])
  })

  it('gives up after 8 runs with the conflict, and never retries a conflict that is not retryable', async () => {
    const { clock, sleeps } = recordingClock()
    const always = losingRaces(100)
    const error = await service(always, clock, 0.999)
      .create(admin, { type: 'basic-auth', name: 'a', data: basicAuthData() })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: true })
    expect(always.runs()).toBe(8)
    expect(sleeps).toEqual([5, 10, 20, 40, 80, 160, 250])

    const once = recordingClock()
    const fatal = losingRaces(1, false)
    const refused = await service(fatal, once.clock, 0.5)
      .create(admin, { type: 'basic-auth', name: 'a', data: basicAuthData() })
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'CONFLICT', retryable: false })
    expect(fatal.runs()).toBe(1)
    expect(once.sleeps).toEqual([])
  })
})
