import { createManualClock } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { deadlinesOf } from './deadlines.js'

describe('deadlinesOf', () => {
  it('keeps one timer for every deadline of a clock and expires each when its time comes', async () => {
    const clock = createManualClock()
    const start = clock.now().getTime()
    const expired: string[] = []
    const deadlines = deadlinesOf(clock)
    expect(deadlinesOf(clock)).toBe(deadlines)
    deadlines.add(start + 100, () => expired.push('a'))
    const cancelB = deadlines.add(start + 150, () => expired.push('b'))
    deadlines.add(start + 200, () => expired.push('c'))
    expect(clock.pending()).toBe(1)
    // An earlier deadline moves the one timer forward.
    deadlines.add(start + 50, () => expired.push('early'))
    expect(clock.pending()).toBe(1)
    await clock.advance(50)
    expect(expired).toEqual(['early'])
    cancelB()
    cancelB()
    await clock.advance(100)
    expect(expired).toEqual(['early', 'a'])
    await clock.advance(100)
    expect(expired).toEqual(['early', 'a', 'c'])
    expect(clock.pending()).toBe(0)
  })

  it('releases the timer once every deadline is taken back', async () => {
    const clock = createManualClock()
    const start = clock.now().getTime()
    const expired: string[] = []
    const cancels = ['a', 'b'].map((name) => deadlinesOf(clock).add(start + 100, () => expired.push(name)))
    for (const cancel of cancels) cancel()
    expect(clock.pending()).toBe(0)
    await clock.advance(1_000)
    expect(expired).toEqual([])
    // Adding again arms a new timer.
    deadlinesOf(clock).add(clock.now().getTime() + 10, () => expired.push('c'))
    await clock.advance(10)
    expect(expired).toEqual(['c'])
  })
})
