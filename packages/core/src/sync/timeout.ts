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
 * Settles like `call`, or rejects with `RegionCallTimeout` after `timeoutMs` (real time). The
 * signal aborts (reason: the `RegionCallTimeout`) when the time is up; callers hand it to the
 * `RegionPort` call, whose adapter should stop and never write afterwards. A call that ignores it
 * keeps running and its late result is dropped; `runJob` keeps the job leased meanwhile.
 */
export async function withTimeout<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RegionCallTimeout(timeoutMs)
      controller.abort(error)
      reject(error)
    }, timeoutMs)
  })
  try {
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), expired])
  } finally {
    clearTimeout(timer)
  }
}
