import type { Clock } from '@credkit/core'

/**
 * A `Clock` whose time only moves when a test says so. Sleeps wait until `advance`, `nextTimer`,
 * `runUntilIdle` or `run` move the time past them; they wake in order of due time (then of
 * creation), and the code each one wakes runs before the next one is woken, so a test sees what
 * a real timeline would produce, without waiting.
 *
 * "Runs" means: until it waits on something other than promises and `setImmediate` (a few event
 * loop turns). That covers the in-memory adapters; code waiting on real I/O needs `run`, which also
 * waits for the next sleep to be made.
 */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, waking every sleep due on the way, in order. */
  advance(ms: number): Promise<void>
  /** Jumps to the earliest pending sleep and wakes it; `false` (time unchanged) when none is pending. */
  nextTimer(): Promise<boolean>
  /**
   * Wakes sleeps one after another until none is pending; returns how many it woke.
   * @throws Error when more than `maxTimers` (default 10 000) were woken: something sleeps forever
   *   (a running worker, say: use `advance` or `run` with it).
   */
  runUntilIdle(maxTimers?: number): Promise<number>
  /**
   * Settles like `promise`, moving time from one sleep to the next whenever the code is idle and
   * `promise` has not settled yet; with no sleep pending, it waits for one to be made.
   * @throws Error when more than `maxTimers` (default 10 000) were woken before `promise` settled.
   */
  run<T>(promise: Promise<T>, maxTimers?: number): Promise<T>
  /** Sleeps pending right now. */
  pending(): number
}

interface Sleeper {
  readonly due: number
  readonly seq: number
  readonly wake: () => void
}

/** Event loop turns `settle` always lets pass, then more while sleeps keep being made or dropped. */
const MIN_TURNS = 3
const MAX_TURNS = 1_000

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A manual clock at `start` (default 2026-01-01T00:00:00Z). */
export function createManualClock(start: Date | number = Date.UTC(2026, 0, 1)): ManualClock {
  let now = typeof start === 'number' ? start : start.getTime()
  let seq = 0
  let activity = 0
  const sleepers: Sleeper[] = []
  let madeListeners: Array<() => void> = []

  const remove = (sleeper: Sleeper) => {
    const at = sleepers.indexOf(sleeper)
    if (at >= 0) sleepers.splice(at, 1)
    activity++
  }
  const earliest = (): Sleeper | undefined => {
    let first: Sleeper | undefined
    for (const s of sleepers)
      if (!first || s.due < first.due || (s.due === first.due && s.seq < first.seq)) first = s
    return first
  }
  /** Lets the code woken so far run until it waits on the clock again (or on nothing we can see). */
  const settle = async () => {
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      const before = activity
      await nextTurn()
      if (turn + 1 >= MIN_TURNS && activity === before) return
    }
  }
  const wake = async (sleeper: Sleeper) => {
    now = Math.max(now, sleeper.due)
    remove(sleeper)
    sleeper.wake()
    await settle()
  }

  const clock: ManualClock = {
    now: () => new Date(now),
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason)
      activity++
      if (!(ms > 0)) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          remove(sleeper)
          reject(signal?.reason)
        }
        const sleeper: Sleeper = {
          due: now + ms,
          seq: seq++,
          wake: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        sleepers.push(sleeper)
        signal?.addEventListener('abort', onAbort, { once: true })
        const listeners = madeListeners
        madeListeners = []
        for (const listener of listeners) listener()
      })
    },
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError('advance: expected a duration of 0 ms or more')
      const target = now + ms
      await settle()
      for (let next = earliest(); next && next.due <= target; next = earliest()) await wake(next)
      now = Math.max(now, target)
      await settle()
    },
    async nextTimer() {
      await settle()
      const next = earliest()
      if (!next) return false
      await wake(next)
      return true
    },
    async runUntilIdle(maxTimers = 10_000) {
      let woken = 0
      while (await clock.nextTimer()) {
        if (++woken > maxTimers) throw new Error(`runUntilIdle: still sleeping after ${maxTimers} timers`)
      }
      return woken
    },
    async run(promise, maxTimers = 10_000) {
      let settled = false
      const done = promise.then(
        () => {
          settled = true
        },
        () => {
          settled = true
        },
      )
      for (let woken = 0; ; ) {
        await settle()
        if (settled) return promise
        if (sleepers.length === 0) {
          await Promise.race([done, new Promise<void>((resolve) => madeListeners.push(resolve))])
          continue
        }
        if (++woken > maxTimers)
          throw new Error(`run: the promise is still pending after ${maxTimers} timers`)
        await wake(earliest()!)
      }
    },
    pending: () => sleepers.length,
  }
  return clock
}
