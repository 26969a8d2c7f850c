import { describe, expect, it } from 'vitest'
import { RegionError } from '../src/region-error.js'
import { ACCOUNT, actors } from './harness.js'
import { syncSecret, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ regions: ['eu-1'] })
const { admin } = actors

async function failOnce(failure: (password: string) => unknown) {
  await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
  const password = syncSecret('region-error')
  const view = await h.credentials.create(admin, {
    type: 'basic-auth',
    name: 'gate',
    data: { username: 'staging', password },
  })
  h.regions.faults.failNext('eu-1', 1, () => failure(password))
  await h.credentials.runDueJobs()
  const events = (await h.reader.auditEvents(ACCOUNT)).filter((e) => e.action === 'credential.sync-failed')
  return { view: await h.credentials.get(admin, view.id), message: events.at(-1)?.message }
}

describe('region failures are stored structured', () => {
  it("keeps a RegionError's status and reason, redacts its message, and audits all three", async () => {
    const { view, message } = await failOnce(
      (password) =>
        new RegionError(`cannot patch the Secret: password ${password.toUpperCase()} refused`, {
          status: 403,
          reason: 'Forbidden',
          cause: new Error(password),
        }),
    )
    expect(view.sync[0]).toMatchObject({
      state: 'error',
      error: {
        status: 403,
        reason: 'Forbidden',
        message: 'cannot patch the Secret: password [redacted] refused',
        at: h.clock.now(),
      },
    })
    expect(message).toBe('403 Forbidden: cannot patch the Secret: password [redacted] refused')
  })

  it('stores any other thrown value with no status and no reason', async () => {
    const { view, message } = await failOnce(() =>
      Object.assign(new Error('connection reset'), { status: 503 }),
    )
    expect(view.sync[0]?.error).toMatchObject({ status: null, reason: null, message: 'connection reset' })
    expect(message).toBe('connection reset')
  })

  it('does not trust a look-alike RegionError: a bad status or a secret reason is dropped', async () => {
    const { view } = await failOnce((password) =>
      Object.assign(new Error('denied'), {
        [Symbol.for('credkit.RegionError')]: true,
        status: 99_999,
        reason: password,
      }),
    )
    expect(view.sync[0]?.error).toMatchObject({ status: null, reason: null, message: 'denied' })
  })

  it('names the engine’s own failure: a region that reports other content', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await h.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: { username: 'staging', password: syncSecret('hash') },
    })
    h.regions.faults.wrongHashNext('eu-1')
    await h.credentials.runDueJobs()
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      error: {
        status: null,
        reason: 'ContentHashMismatch',
        message: 'region reported a different content hash',
      },
    })
  })
})
