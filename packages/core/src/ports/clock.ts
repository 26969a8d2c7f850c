/**
 * Time source of the engine: every date it records and every wait it makes (region call timeouts,
 * retry backoff inside `prepareRegion`, the worker's poll interval, the simulated regions' latency)
 * goes through it. Injected so tests drive time by hand (`createManualClock` in
 * `@credkit/testing`) instead of sleeping.
 *
 * Contract:
 * - `now()` should not go backwards (the system clock may, when the host's time is set back).
 * - `sleep(ms, signal)` resolves once `ms` milliseconds have passed on this clock (at once for 0 or
 *   less): after it resolves, `now()` is at least the time it was called plus `ms`. Sleeps due at
 *   the same time resolve in the order they were made.
 * - An aborted `signal` rejects the sleep with `signal.reason`, at once when it is already aborted;
 *   the timer is released (nothing keeps running after an abort).
 */
export interface Clock {
  now(): Date
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** Longest delay `setTimeout` keeps (a longer one would fire at once). */
const MAX_TIMER_MS = 2_147_483_647

/** Wall-clock time and real timers. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        Math.min(Math.max(0, ms), MAX_TIMER_MS),
      )
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}
