import type { Clock } from '../ports/clock.js'
import { deadlinesOf } from './deadlines.js'

/** A region call that did not settle within `callTimeoutMs`. */
export class RegionCallTimeout extends Error {
  override readonly name = 'RegionCallTimeout'
  readonly timeoutMs: number

  constructor(timeoutMs: number) {
    super(`region call timed out after ${timeoutMs} ms`)
    this.timeoutMs = timeoutMs
  }
}

/**
 * Settles like `call`, or rejects with `RegionCallTimeout` once `timeoutMs` have passed on `clock`.
 * The signal aborts (reason: the `RegionCallTimeout`) when the time is up; callers hand it to the
 * `RegionPort` call, whose adapter should stop and never write afterwards. A call that ignores it
 * keeps running and its late result is dropped; `runJob` keeps the job leased meanwhile. The
 * deadline is one entry of the clock's shared `Deadlines`, taken back as soon as the call settles.
 */
export async function withTimeout<T>(
  clock: Clock,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  let expire!: (error: RegionCallTimeout) => void
  const expired = new Promise<never>((_, reject) => {
    expire = reject
  })
  const cancel = deadlinesOf(clock).add(clock.now().getTime() + timeoutMs, () => {
    const error = new RegionCallTimeout(timeoutMs)
    controller.abort(error)
    expire(error)
  })
  try {
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), expired])
  } finally {
    cancel()
  }
}
