import { describe, expect, it } from 'vitest'
import { type ReleaseSlot, regionSlots } from './region-slots.js'

/** Settles what is already due, so a granted slot shows. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('regionSlots', () => {
  it('grants at most `limit` slots, at most `perRegion` in one region, in the order they were asked', async () => {
    let changes = 0
    const slots = regionSlots(3, 2, () => changes++)
    const granted: string[] = []
    const releases = new Map<string, ReleaseSlot>()
    const ask = (name: string, region: string) =>
      void slots.acquire(region).then((release) => {
        granted.push(name)
        releases.set(name, release)
      })
    for (const [name, region] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['a3', 'a'],
      ['b1', 'b'],
      ['b2', 'b'],
    ] as const)
      ask(name, region)
    await settle()
    // a3 waits for region a; b1 passes it; b2 waits for the global limit.
    expect(granted).toEqual(['a1', 'a2', 'b1'])
    expect([slots.busy(), slots.busy('a'), slots.busy('b')]).toEqual([3, 2, 1])

    releases.get('b1')!()
    await settle()
    // The freed slot goes to the first waiter that fits: a3's region is still full, so b2.
    expect(granted).toEqual(['a1', 'a2', 'b1', 'b2'])
    releases.get('a1')!()
    releases.get('a1')!() // a second release gives nothing back
    await settle()
    expect(granted).toEqual(['a1', 'a2', 'b1', 'b2', 'a3'])
    expect([slots.busy(), slots.busy('a'), slots.busy('b')]).toEqual([3, 2, 1])
    expect(changes).toBeGreaterThan(0)
  })
})
