/** Time source. Injected so tests and the sync engine's backoff can be driven deterministically. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
