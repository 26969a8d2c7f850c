import { createManualClock } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { RegionCallTimeout, withTimeout } from './timeout.js'

describe('withTimeout', () => {
  it('rejects with RegionCallTimeout once the time is up on the clock, and aborts the call', async () => {
    const clock = createManualClock()
    let signal: AbortSignal | undefined
    const call = withTimeout(clock, 100, (s) => {
      signal = s
      return new Promise<never>(() => undefined)
    })
    const outcome = call.catch((error: unknown) => error)
    await clock.advance(99)
    expect(signal?.aborted).toBe(false)
    await clock.advance(1)
    const error = await outcome
    expect(error).toBeInstanceOf(RegionCallTimeout)
    expect(error).toMatchObject({ timeoutMs: 100, message: 'region call timed out after 100 ms' })
    expect(signal?.reason).toBe(error)
  })

  it('settles like the call when it is faster, and releases its timer', async () => {
    const clock = createManualClock()
    const call = withTimeout(clock, 100, (signal) => clock.sleep(40, signal).then(() => 'done'))
    await clock.advance(40)
    expect(await call).toBe('done')
    expect(clock.pending()).toBe(0)
    const failing = withTimeout(clock, 100, async () => {
      throw new Error('refused')
    })
    await expect(failing).rejects.toThrow('refused')
    expect(clock.pending()).toBe(0)
  })

  it('never waits on real time: a clock that never moves never times out', async () => {
    const clock = createManualClock()
    let settle!: (value: string) => void
    const call = withTimeout(clock, 1, () => new Promise<string>((resolve) => (settle = resolve)))
    await new Promise((resolve) => setImmediate(resolve))
    expect(clock.pending()).toBe(1)
    settle('late but in time')
    expect(await call).toBe('late but in time')
  })
})
