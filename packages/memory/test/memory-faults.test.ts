import { createManualClock, makeMaterialized, makeMaterializedAcme } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { createMemoryRegions } from '../src/index.js'

const T0 = new Date('2026-01-01T00:00:00.000Z')

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof Error ? error.message : 'thrown'),
  )

describe('memory regions: faults', () => {
  it('fails the next N calls of a region with a message or a thrown value of the test', async () => {
    const regions = createMemoryRegions({ regions: ['eu-1', 'us-1'] })
    const credential = makeMaterialized()
    regions.faults.failNext('eu-1', 2, 'refused')
    regions.faults.failNext('eu-1', 1, (call) => new Error(`${call.operation} of ${call.ref.credentialId}`))
    const calls = [1, 2, 3, 4].map(() => outcome(regions.apply('eu-1', credential)))
    expect(await Promise.all(calls)).toEqual([
      'refused',
      'refused',
      `apply of ${credential.credentialId}`,
      'ok',
    ])
    expect(await outcome(regions.apply('us-1', credential))).toBe('ok')
    expect(regions.writes('eu-1')).toBe(1)
  })

  it('fails a seeded fraction of calls, the same ones for the same seed', async () => {
    const run = async (seed: number) => {
      const regions = createMemoryRegions({ regions: ['eu-1'], faults: { failRate: 0.3 }, seed })
      const results: string[] = []
      for (let i = 0; i < 200; i++) results.push(await outcome(regions.observe('eu-1', makeMaterialized())))
      return results
    }
    const first = await run(7)
    expect(await run(7)).toEqual(first)
    const failed = first.filter((r) => r !== 'ok').length
    expect(failed).toBeGreaterThan(30)
    expect(failed).toBeLessThan(90)
  })

  it('takes a region down between two clock times', async () => {
    const clock = createManualClock(T0)
    const down = {
      region: 'eu-1',
      from: new Date(T0.getTime() + 1_000),
      until: new Date(T0.getTime() + 5_000),
    }
    const regions = createMemoryRegions({ regions: ['eu-1'], clock, faults: { down: [down] } })
    const call = () => outcome(regions.observe('eu-1', makeMaterialized()))
    expect(await call()).toBe('ok')
    await clock.advance(1_000)
    expect(await call()).toBe('region eu-1 is unavailable')
    await clock.advance(4_000)
    expect(await call()).toBe('ok')
    regions.faults.down('eu-1')
    expect(await call()).toBe('region eu-1 is unavailable')
    regions.faults.up('eu-1')
    expect(await call()).toBe('ok')
  })

  it('slows calls down on its clock, holds them at a gate, and reports a wrong hash on demand', async () => {
    const clock = createManualClock(T0)
    const regions = createMemoryRegions({ regions: ['eu-1'], clock, latencyMs: 5 })
    const credential = makeMaterialized()
    regions.faults.slowNext('eu-1', 1, 30_000)
    let landed = false
    const slow = regions.apply('eu-1', credential).then(() => {
      landed = true
    })
    await clock.advance(30_004)
    expect(landed).toBe(false)
    await clock.advance(1)
    await slow
    expect(landed).toBe(true)
    // the slowdown was used up: the next call only takes the latency
    const quick = regions.observe('eu-1', credential)
    await clock.advance(5)
    expect(await quick).not.toBeNull()

    const gate = regions.faults.hold('eu-1')
    let done = false
    const held = regions.remove('eu-1', credential).then(() => {
      done = true
    })
    await gate.reached
    await clock.advance(3_600_000) // a gate is not a timer: only release() lets the call go
    expect(done).toBe(false)
    gate.release()
    await clock.run(held)
    expect(regions.holdings('eu-1').size).toBe(0)

    regions.faults.wrongHashNext('eu-1')
    expect((await clock.run(regions.apply('eu-1', credential))).contentHash).not.toBe(credential.contentHash)
    expect((await clock.run(regions.apply('eu-1', credential))).contentHash).toBe(credential.contentHash)
  })

  it('aborts a slow or held call when its signal fires: it rejects with the reason and never lands', async () => {
    const clock = createManualClock(T0)
    const regions = createMemoryRegions({ regions: ['eu-1'], clock })
    const credential = makeMaterialized()
    const reason = new Error('timed out')

    regions.faults.slowNext('eu-1', 1, 200)
    const slow = new AbortController()
    const slowCall = outcome(regions.apply('eu-1', credential, { signal: slow.signal }))
    await clock.advance(10)
    expect(clock.pending()).toBe(1)
    slow.abort(reason)
    expect(await slowCall).toBe('timed out')
    expect(clock.pending()).toBe(0)

    const gate = regions.faults.hold('eu-1')
    const held = new AbortController()
    const heldCall = outcome(regions.apply('eu-1', credential, { signal: held.signal }))
    await gate.reached
    held.abort(reason)
    expect(await heldCall).toBe('timed out')
    gate.release()

    await clock.advance(1_000) // past when the slow call would have ended
    expect(regions.holdings('eu-1').size).toBe(0)
    expect(regions.writes('eu-1')).toBe(0)

    // removals and observations stop the same way; a call without a signal still lands late
    const gate2 = regions.faults.hold('eu-1')
    const removal = new AbortController()
    const removing = outcome(regions.remove('eu-1', credential, { signal: removal.signal }))
    const unsignalled = regions.apply('eu-1', credential)
    await gate2.reached
    removal.abort(reason)
    expect(await removing).toBe('timed out')
    gate2.release()
    await unsignalled
    expect(regions.holdings('eu-1').has(credential.credentialId)).toBe(true)
  })

  it('fails every call about one credential until cleared', async () => {
    const regions = createMemoryRegions({ regions: ['eu-1'] })
    const bad = makeMaterialized()
    regions.faults.failFor('eu-1', bad.credentialId, 'denied')
    expect(await outcome(regions.apply('eu-1', bad))).toBe('denied')
    expect(await outcome(regions.apply('eu-1', makeMaterialized()))).toBe('ok')
    regions.faults.clear()
    expect(await outcome(regions.apply('eu-1', bad))).toBe('ok')
  })
})

describe('memory regions: ACME issuance', () => {
  it('is pending until issued or failed, and resets when the content changes', async () => {
    const clock = createManualClock(T0)
    const regions = createMemoryRegions({ regions: ['eu-1'], clock })
    const acme = makeMaterializedAcme()
    expect((await regions.apply('eu-1', acme)).issuance).toEqual({ state: 'pending' })
    regions.issue('eu-1', acme.credentialId)
    expect((await regions.observe('eu-1', acme))?.issuance).toMatchObject({
      state: 'issued',
      certificate: { commonName: '*.example.com', notBefore: T0.toISOString() },
    })
    expect((await regions.apply('eu-1', { ...acme, version: 2 })).issuance).toMatchObject({ state: 'issued' })
    const changed = { ...acme, version: 3, contentHash: 'other'.padEnd(64, '0') }
    expect((await regions.apply('eu-1', changed)).issuance).toEqual({ state: 'pending' })
    regions.failIssuance('eu-1', acme.credentialId, 'DNS-01 failed')
    expect((await regions.observe('eu-1', acme))?.issuance).toEqual({
      state: 'failed',
      message: 'DNS-01 failed',
    })
    expect(() => regions.issue('eu-1', makeMaterialized().credentialId)).toThrow()
  })

  it('issues at once with acmeIssuance: instant', async () => {
    const regions = createMemoryRegions({ regions: ['eu-1'], acmeIssuance: 'instant' })
    expect((await regions.apply('eu-1', makeMaterializedAcme())).issuance).toMatchObject({ state: 'issued' })
  })
})
