import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { retryAt, retryDelayMs } from './backoff.js'

const settings = { baseDelayMs: 1_000, maxDelayMs: 300_000 }
const fixed = (value: number) => ({ bytes: () => new Uint8Array(), id: () => 'x', float: () => value })

describe('retryDelayMs', () => {
  it('doubles the cap per attempt up to maxDelayMs, with full jitter below it', () => {
    expect(retryDelayMs(settings, 1, fixed(0.999999))).toBe(1_000)
    expect(retryDelayMs(settings, 2, fixed(0.999999))).toBe(2_000)
    expect(retryDelayMs(settings, 4, fixed(0.5))).toBe(4_000)
    expect(retryDelayMs(settings, 30, fixed(0.999999))).toBe(300_000)
    expect(retryDelayMs(settings, 10_000, fixed(0.999999))).toBe(300_000)
    expect(retryDelayMs(settings, 1, fixed(0))).toBe(1)
  })

  it('stays within [1, cap] for any attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const delay = retryDelayMs(settings, n, fixed(r))
          expect(delay).toBeGreaterThanOrEqual(1)
          expect(delay).toBeLessThanOrEqual(Math.min(300_000, 1_000 * 2 ** Math.min(n - 1, 52)))
        },
      ),
    )
  })

  it('gives the retry time from now', () => {
    expect(retryAt(new Date(0), settings, 1, fixed(0.5)).getTime()).toBe(500)
  })
})
