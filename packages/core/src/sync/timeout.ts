import type { Clock } from '../ports/clock.js'

/** A region call that did not settle within `callTimeoutMs`. */
export class RegionCallTimeout extends Error {
  override readonly name = 'RegionCallTimeout'
  readonly timeoutMs: number

  constructor(timeoutMs: number) {
    super(`region call timed out after ${timeoutMs} ms`)
    this.timeoutMs = timeoutMs
  }
}

/** Why the timer of a settled call is released (a constant: no `DOMException` per call). */
const SETTLED = new Error('the call settled')

/**
 * Settles like `call`, or rejects with `RegionCallTimeout` once `timeoutMs` have passed on `clock`.
 * The signal aborts (reason: the `RegionCallTimeout`) when the time is up; callers hand it to the
 * `RegionPort` call, whose adapter should stop and never write afterwards. A call that ignores it
 * keeps running and its late result is dropped; `runJob` keeps the job leased meanwhile. The
 * clock's timer is released as soon as the call settles.
 */
export async function withTimeout<T>(
  clock: Clock,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  const settled = new AbortController()
  const expired = clock.sleep(timeoutMs, settled.signal).then(() => {
    const error = new RegionCallTimeout(timeoutMs)
    controller.abort(error)
    throw error
  })
  try {
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), expired])
  } finally {
    settled.abort(SETTLED)
  }
}
