import { type Clock, type MaterializedCredential, RegionError, type RegionObjectRef } from '@credkit/core'

export type RegionOperation = 'apply' | 'remove' | 'observe'

/** One call to a simulated region, as a fault sees it. */
export interface RegionCall {
  readonly region: string
  readonly operation: RegionOperation
  readonly ref: RegionObjectRef
  /** What `apply` pushes (null for `remove` and `observe`). Holds secrets: tests only. */
  readonly credential: MaterializedCredential | null
}

/** A failure: the message of the thrown `Error`, or a function returning the value to throw. */
export type FailureSpec = string | ((call: RegionCall) => unknown)

/** Faults active from the start. */
export interface FaultOptions {
  /** Fraction (0–1) of calls that fail: one number for every region, or per region. Seeded. */
  readonly failRate?: number | Readonly<Record<string, number>>
  /** Windows during which a region is down (every call rejects), on the regions' clock. */
  readonly down?: ReadonlyArray<{ readonly region: string; readonly from: Date; readonly until: Date }>
}

/** Lets a test hold every call to a region until it says so. */
export interface RegionGate {
  /** Resolves once a call is waiting at the gate. */
  readonly reached: Promise<void>
  /** Lets waiting and later calls through, and removes the gate. */
  release(): void
}

/** Scriptable faults of the simulated regions. */
export interface RegionFaults {
  /** The next `count` calls to `region` reject. */
  failNext(region: string, count?: number, failure?: FailureSpec): void
  /** A fraction of calls to `region` (or `'*'`: every region) reject, drawn from the seeded RNG. */
  failRate(region: string, fraction: number): void
  /** `region` is down from `from` until `until` (default: from now on, until `up`). */
  down(region: string, from?: Date, until?: Date): void
  /** Ends every down window of `region`. */
  up(region: string): void
  /** Every call about `credentialId` in `region` rejects, until `clear()`. */
  failFor(region: string, credentialId: string, failure?: FailureSpec): void
  /** The next `count` calls to `region` take `delayMs` more (on the regions' clock), then proceed. */
  slowNext(region: string, count: number, delayMs: number): void
  /** The next `count` applies to `region` report a content hash other than the one written. */
  wrongHashNext(region: string, count?: number): void
  /** Holds every call to `region` until `release()`. */
  hold(region: string): RegionGate
  /** Removes every fault, releasing held calls. */
  clear(): void
}

/** What a call suffers, decided when it starts. */
export interface FaultDecision {
  readonly fails: boolean
  /** The value to throw when `fails`. */
  readonly failure: unknown
  readonly delayMs: number
  readonly wrongHash: boolean
  readonly gate: Promise<void> | null
}

const NO_FAULT: FaultDecision = { fails: false, failure: undefined, delayMs: 0, wrongHash: false, gate: null }

/** mulberry32: a small seeded RNG, so a failure rate replays identically. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function thrown(spec: FailureSpec | undefined, fallback: string, call: RegionCall): unknown {
  if (typeof spec === 'function') return spec(call)
  return new Error(spec ?? fallback)
}

type Counted<T> = { count: number; value: T }

/** The fault state of one `createMemoryRegions`, and how a call is judged. */
export function createFaults(options: FaultOptions, clock: Clock, seed: number) {
  const random = seededRandom(seed)
  const rates = new Map<string, number>(
    typeof options.failRate === 'number' ? [['*', options.failRate]] : Object.entries(options.failRate ?? {}),
  )
  const windows = [...(options.down ?? [])].map((w) => ({ ...w }))
  const failNext = new Map<string, Array<Counted<FailureSpec | undefined>>>()
  const failFor = new Map<string, FailureSpec | undefined>()
  const slow = new Map<string, Counted<number>>()
  const wrongHash = new Map<string, number>()
  const gates = new Map<string, { promise: Promise<void>; release: () => void; reached: () => void }>()

  const take = <T>(map: Map<string, Counted<T>>, region: string): T | undefined => {
    const entry = map.get(region)
    if (!entry) return undefined
    if (--entry.count <= 0) map.delete(region)
    return entry.value
  }

  const controls: RegionFaults = {
    failNext(region, count = 1, failure) {
      const queue = failNext.get(region) ?? []
      queue.push({ count, value: failure })
      failNext.set(region, queue)
    },
    failRate(region, fraction) {
      rates.set(region, fraction)
    },
    down(region, from = new Date(-8.64e15), until = new Date(8.64e15)) {
      windows.push({ region, from, until })
    },
    up(region) {
      for (let i = windows.length - 1; i >= 0; i--) if (windows[i]!.region === region) windows.splice(i, 1)
    },
    failFor(region, credentialId, failure) {
      failFor.set(`${region}\0${credentialId}`, failure)
    },
    slowNext(region, count, delayMs) {
      slow.set(region, { count, value: delayMs })
    },
    wrongHashNext(region, count = 1) {
      wrongHash.set(region, (wrongHash.get(region) ?? 0) + count)
    },
    hold(region) {
      let release!: () => void
      let reached!: () => void
      const promise = new Promise<void>((resolve) => {
        release = resolve
      })
      const reachedPromise = new Promise<void>((resolve) => {
        reached = resolve
      })
      const gate = { promise, release: () => release(), reached }
      gates.set(region, gate)
      return {
        reached: reachedPromise,
        release() {
          if (gates.get(region) === gate) gates.delete(region)
          gate.release()
        },
      }
    },
    clear() {
      rates.clear()
      windows.length = 0
      failNext.clear()
      failFor.clear()
      slow.clear()
      wrongHash.clear()
      for (const [region, gate] of [...gates]) {
        gates.delete(region)
        gate.release()
      }
    },
  }

  /** Judges a call when it starts; counters are consumed here. */
  function decide(call: RegionCall): FaultDecision {
    const { region } = call
    const gate = gates.get(region)
    gate?.reached()
    const delayMs = take(slow, region) ?? 0
    const now = clock.now().getTime()
    let fails = true
    let failure: unknown
    if (windows.some((w) => w.region === region && w.from.getTime() <= now && now < w.until.getTime())) {
      failure = new RegionError(`region ${region} is unavailable`, {
        status: 503,
        reason: 'ServiceUnavailable',
      })
    } else if (failFor.has(`${region}\0${call.ref.credentialId}`)) {
      failure = thrown(failFor.get(`${region}\0${call.ref.credentialId}`), 'simulated failure', call)
    } else if (failNext.get(region)?.length) {
      const queue = failNext.get(region)!
      const head = queue[0]!
      if (--head.count <= 0) queue.shift()
      failure = thrown(head.value, 'simulated failure', call)
    } else {
      const rate = rates.get(region) ?? rates.get('*') ?? 0
      if (rate > 0 && random() < rate)
        failure = new RegionError('simulated random failure', { status: 500, reason: 'InternalError' })
      else fails = false
    }
    let hashFault = false
    if (call.operation === 'apply' && !fails && (wrongHash.get(region) ?? 0) > 0) {
      wrongHash.set(region, wrongHash.get(region)! - 1)
      hashFault = true
    }
    if (!fails && delayMs === 0 && !hashFault && !gate) return NO_FAULT
    return { fails, failure, delayMs, wrongHash: hashFault, gate: gate?.promise ?? null }
  }

  return { controls, decide }
}
