import { describe, expect, it } from 'vitest'
import { systemClock } from './clock.js'

describe('systemClock', () => {
  it('tells the time of the host', () => {
    const before = Date.now()
    const now = systemClock.now().getTime()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })

  it('sleeps on a real timer and resolves', async () => {
    await expect(systemClock.sleep(1)).resolves.toBeUndefined()
    await expect(systemClock.sleep(-1)).resolves.toBeUndefined()
  })

  it('rejects with the reason of an aborted signal, at once when it is already aborted', async () => {
    const reason = new Error('stop')
    const controller = new AbortController()
    const sleeping = systemClock.sleep(3_600_000, controller.signal)
    controller.abort(reason)
    await expect(sleeping).rejects.toBe(reason)
    await expect(systemClock.sleep(3_600_000, controller.signal)).rejects.toBe(reason)
  })
})
