/** Gives back a slot taken with `RegionSlots.acquire`; a second call does nothing. */
export type ReleaseSlot = () => void

/**
 * The region-call slots of one `runDueJobs`: at most `limit` calls under way at once, at most
 * `perRegion` of them in one region. A job asks for its slot once it is ready to call (its
 * `syncing` mark committed); the askers are served in the order they asked, except that one whose
 * region is full lets the ones behind it pass, so a slow region holds its own slots only.
 */
export interface RegionSlots {
  /** Resolves with the slot's release once a call in `region` may start. */
  acquire(region: string): Promise<ReleaseSlot>
  /** Calls under way in `region` (all regions when omitted). */
  busy(region?: string): number
}

interface Waiter {
  readonly region: string
  readonly grant: (release: ReleaseSlot) => void
}

/** `onChange` is told each time a slot is taken or given back. */
export function regionSlots(limit: number, perRegion: number, onChange: () => void): RegionSlots {
  let calling = 0
  const busy = new Map<string, number>()
  /** At most one waiter per job claimed ahead: a few times `limit`, so a pass over it is cheap. */
  const waiting: Waiter[] = []
  const fits = (region: string) => calling < limit && (busy.get(region) ?? 0) < perRegion

  const take = (region: string): ReleaseSlot => {
    calling++
    busy.set(region, (busy.get(region) ?? 0) + 1)
    onChange()
    let released = false
    return () => {
      if (released) return
      released = true
      calling--
      busy.set(region, busy.get(region)! - 1)
      serve()
      onChange()
    }
  }
  const serve = () => {
    for (let i = 0; i < waiting.length && calling < limit; ) {
      const waiter = waiting[i]!
      if (fits(waiter.region)) {
        waiting.splice(i, 1)
        waiter.grant(take(waiter.region))
      } else i++
    }
  }

  return {
    acquire(region) {
      if (waiting.length === 0 && fits(region)) return Promise.resolve(take(region))
      return new Promise<ReleaseSlot>((grant) => {
        waiting.push({ region, grant })
        // A waiter ahead whose region is full must not hold this one back.
        serve()
      })
    },
    busy: (region) => (region === undefined ? calling : (busy.get(region) ?? 0)),
  }
}
