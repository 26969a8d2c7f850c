import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { createManualClock } from './manual-clock.js'

const T0 = Date.UTC(2026, 0, 1)

describe('createManualClock', () => {
  it('starts where told and only moves on advance', async () => {
    const clock = createManualClock(new Date(T0))
    expect(clock.now().getTime()).toBe(T0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(clock.now().getTime()).toBe(T0)
    await clock.advance(1_500)
    expect(clock.now().getTime()).toBe(T0 + 1_500)
    await expect(clock.advance(-1)).rejects.toThrow(RangeError)
  })

  it('wakes sleeps in order of due time, then of creation, with now() at their due time', async () => {
    const clock = createManualClock(T0)
    const woke: Array<[string, number]> = []
    const sleep = (name: string, ms: number) =>
      clock.sleep(ms).then(() => void woke.push([name, clock.now().getTime() - T0]))
    void sleep('c', 30)
    void sleep('a', 10)
    void sleep('b', 30)
    await clock.advance(29)
    expect(woke).toEqual([['a', 10]])
    await clock.advance(100)
    expect(woke).toEqual([
      ['a', 10],
      ['c', 30],
      ['b', 30],
    ])
    expect(clock.now().getTime()).toBe(T0 + 129)
  })

  it('lets woken code run and sleep again within the same advance', async () => {
    const clock = createManualClock(T0)
    const ticks: number[] = []
    const loop = (async () => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(100)
        await Promise.resolve()
        ticks.push(clock.now().getTime() - T0)
      }
    })()
    await clock.advance(350)
    expect(ticks).toEqual([100, 200, 300])
    await clock.advance(200)
    await loop
    expect(ticks).toEqual([100, 200, 300, 400, 500])
  })

  it('a sleep of 0 ms or less resolves without the clock moving', async () => {
    const clock = createManualClock(T0)
    await clock.sleep(0)
    await clock.sleep(-5)
    expect(clock.pending()).toBe(0)
  })

  it('an aborted signal rejects the sleep with its reason and drops it', async () => {
    const clock = createManualClock(T0)
    const reason = new Error('stop')
    const controller = new AbortController()
    const sleeping = clock.sleep(1_000, controller.signal)
    expect(clock.pending()).toBe(1)
    controller.abort(reason)
    await expect(sleeping).rejects.toBe(reason)
    expect(clock.pending()).toBe(0)
    await expect(clock.sleep(10, controller.signal)).rejects.toBe(reason)
    expect(clock.pending()).toBe(0)
  })

  it('nextTimer jumps to the earliest sleep; runUntilIdle wakes all and stops a loop that never ends', async () => {
    const clock = createManualClock(T0)
    expect(await clock.nextTimer()).toBe(false)
    let woke = 0
    void clock.sleep(5_000).then(() => woke++)
    void clock.sleep(7_000).then(() => woke++)
    expect(await clock.nextTimer()).toBe(true)
    expect([woke, clock.now().getTime() - T0]).toEqual([1, 5_000])
    expect(await clock.runUntilIdle()).toBe(1)
    expect([woke, clock.now().getTime() - T0]).toEqual([2, 7_000])

    const stop = new AbortController()
    void (async () => {
      while (!stop.signal.aborted) await clock.sleep(1, stop.signal).catch(() => undefined)
    })()
    await expect(clock.runUntilIdle(50)).rejects.toThrow('still sleeping after 50 timers')
    stop.abort()
  })

  it('run settles with the promise, moving time only while the code waits on the clock', async () => {
    const clock = createManualClock(T0)
    const work = async () => {
      await clock.sleep(2_000)
      // real I/O between two sleeps: run waits for the next sleep instead of giving up
      await readFile(new URL(import.meta.url))
      await clock.sleep(3_000)
      return clock.now().getTime() - T0
    }
    expect(await clock.run(work())).toBe(5_000)
    await expect(clock.run(Promise.reject(new Error('no')))).rejects.toThrow('no')
    const forever = (async () => {
      for (;;) await clock.sleep(10)
    })()
    await expect(clock.run(forever, 20)).rejects.toThrow('still pending after 20 timers')
  })
})
