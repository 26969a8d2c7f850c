import type { RegionObjectRef } from '@credkit/core'
import { expect, it } from 'vitest'
import { makeMaterialized, makeMaterializedAcme } from './materialized.js'
import type { RegionFixture, RegionFixtureRef } from './region-reader.js'

const UNKNOWN_REGION = 'credkit-no-such-region'

const refOf = (c: RegionObjectRef): RegionObjectRef => ({
  accountId: c.accountId,
  credentialId: c.credentialId,
  type: c.type,
})

const timedOut = () => new Error('region call timed out')

/**
 * An `apply` whose signal aborted either lands and resolves, or rejects and never lands: not once
 * the adapter says it settled (`RegionFixture.settled`), nor after a later call to the region.
 * Exported for the suite's own test, which runs it against an adapter that breaks the rule.
 */
export async function abortedApplyNeverLands(fixture: RegionFixture): Promise<void> {
  const { regions, region, reader } = fixture
  const settled = async () => {
    await fixture.settled?.(region)
  }
  // aborted before the call: nothing may be written
  const early = makeMaterialized()
  const aborted = new AbortController()
  aborted.abort(timedOut())
  await expect(regions.apply(region, early, { signal: aborted.signal })).rejects.toBeDefined()
  await settled()
  expect(await regions.observe(region, refOf(early))).toBeNull()
  expect(await reader.stored(region, refOf(early))).toBeNull()

  // aborted while the call runs: whichever way it ends, the region agrees once the adapter settled
  const racing = makeMaterialized({ accountId: early.accountId, password: 'pw-racing' })
  const during = new AbortController()
  const call = regions.apply(region, racing, { signal: during.signal }).then(
    (observation) => ({ landed: true as const, observation }),
    () => ({ landed: false as const }),
  )
  during.abort(timedOut())
  const outcome = await call
  await settled()
  if (outcome.landed) {
    expect(await regions.observe(region, refOf(racing))).toEqual(outcome.observation)
  } else {
    expect(await regions.observe(region, refOf(racing))).toBeNull()
    expect(await reader.stored(region, refOf(racing))).toBeNull()
  }

  // a later call that lands does not bring an aborted write with it
  const later = makeMaterialized({ accountId: early.accountId, password: 'pw-later' })
  const live = new AbortController()
  const observation = await regions.apply(region, later, { signal: live.signal })
  expect(observation).toMatchObject({ version: 1, contentHash: later.contentHash })
  await settled()
  expect(await regions.observe(region, refOf(later), { signal: live.signal })).toEqual(observation)
  expect(await reader.stored(region, refOf(early))).toBeNull()
  if (!outcome.landed) expect(await reader.stored(region, refOf(racing))).toBeNull()
  // a signal that never fires changes nothing
  await regions.remove(region, refOf(later), { signal: live.signal })
  expect(await regions.observe(region, refOf(later))).toBeNull()
}

export function regionCases(fixture: RegionFixtureRef): void {
  it('lists the regions it reaches', async () => {
    const { regions, region, otherRegion } = fixture()
    const listed = await regions.regions()
    expect(listed).toContain(region)
    if (otherRegion) expect(listed).toContain(otherRegion)
  })

  it('applies, observes and removes a credential', async () => {
    const { regions, region, reader } = fixture()
    const credential = makeMaterialized()
    expect(await regions.observe(region, refOf(credential))).toBeNull()
    const observation = await regions.apply(region, credential)
    expect(observation).toMatchObject({ version: 1, contentHash: credential.contentHash, issuance: null })
    expect(await regions.observe(region, refOf(credential))).toEqual(observation)
    expect(await reader.stored(region, refOf(credential))).not.toBeNull()
    await regions.remove(region, refOf(credential))
    expect(await regions.observe(region, refOf(credential))).toBeNull()
    expect(await reader.stored(region, refOf(credential))).toBeNull()
  })

  it('writes identical content when the same version is applied again, and nothing more', async () => {
    const { regions, region, reader } = fixture()
    const credential = makeMaterialized()
    const first = await regions.apply(region, credential)
    const stored = await reader.stored(region, refOf(credential))
    const writes = await reader.writes?.(region)
    // A new object with the same content, as a retry after a crash would build it.
    const again = await regions.apply(region, makeMaterialized({ ...credential }))
    expect(again).toEqual(first)
    expect(await reader.stored(region, refOf(credential))).toBe(stored)
    if (writes !== undefined) expect(await reader.writes!(region)).toBe(writes)
  })

  it('treats a new version with an unchanged content hash as in place', async () => {
    const { regions, region, reader } = fixture()
    const credential = makeMaterialized()
    await regions.apply(region, credential)
    const writes = await reader.writes?.(region)
    const bumped = await regions.apply(region, { ...credential, version: 2 })
    expect(bumped.contentHash).toBe(credential.contentHash)
    expect([1, 2]).toContain(bumped.version)
    if (writes !== undefined) expect(await reader.writes!(region)).toBe(writes)
  })

  it('replaces content with a newer version, never with an older one', async () => {
    const { regions, region, reader } = fixture()
    const v1 = makeMaterialized({ password: 'pw-1' })
    const v2 = makeMaterialized({ ...v1, version: 2, password: 'pw-2' })
    await regions.apply(region, v1)
    const first = await reader.stored(region, refOf(v1))
    const newer = await regions.apply(region, v2)
    expect(newer).toMatchObject({ version: 2, contentHash: v2.contentHash })
    // What is stored need not hold the password as is (an htpasswd line holds a bcrypt hash).
    const stored = await reader.stored(region, refOf(v1))
    expect(stored).not.toBeNull()
    expect(stored).not.toBe(first)
    const older = await regions.apply(region, v1)
    expect(older).toMatchObject({ version: 2, contentHash: v2.contentHash })
    expect(await regions.observe(region, refOf(v1))).toMatchObject({
      version: 2,
      contentHash: v2.contentHash,
    })
    expect(await reader.stored(region, refOf(v1))).toBe(stored)
  })

  it('honours the abort signal: an aborted apply rejects and never lands', () =>
    abortedApplyNeverLands(fixture()))

  it('treats removing what is absent as success', async () => {
    const { regions, region } = fixture()
    const credential = makeMaterialized()
    await expect(regions.remove(region, refOf(credential))).resolves.toBeUndefined()
    await regions.apply(region, credential)
    await regions.remove(region, refOf(credential))
    await expect(regions.remove(region, refOf(credential))).resolves.toBeUndefined()
  })

  it('rejects every call for a region it does not reach', async () => {
    const { regions } = fixture()
    const credential = makeMaterialized()
    expect(await regions.regions()).not.toContain(UNKNOWN_REGION)
    await expect(regions.apply(UNKNOWN_REGION, credential)).rejects.toBeDefined()
    await expect(regions.remove(UNKNOWN_REGION, refOf(credential))).rejects.toBeDefined()
    await expect(regions.observe(UNKNOWN_REGION, refOf(credential))).rejects.toBeDefined()
  })

  it('keeps credentials and regions apart', async () => {
    const { regions, region, otherRegion } = fixture()
    const a = makeMaterialized()
    const b = makeMaterialized({ accountId: a.accountId, password: 'pw-b' })
    await regions.apply(region, a)
    await regions.apply(region, b)
    await regions.remove(region, refOf(a))
    expect(await regions.observe(region, refOf(b))).toMatchObject({ contentHash: b.contentHash })
    if (otherRegion) expect(await regions.observe(otherRegion, refOf(b))).toBeNull()
  })

  it('reports ACME issuance for ACME credentials only', async () => {
    const { regions, region } = fixture()
    const observation = await regions.apply(region, makeMaterializedAcme())
    expect(['pending', 'issuing', 'issued', 'failed']).toContain(observation.issuance?.state)
  })
}
