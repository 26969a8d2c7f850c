import type { RegionObjectRef, RegionPort } from '@credkit/core'

/**
 * Reads what an adapter physically placed in a region (its maps, the cluster's objects),
 * bypassing `observe`, so the suite checks where a write landed.
 */
export interface RegionReader {
  /** Stable text of everything stored for the credential in the region (secrets included), or null. */
  stored(region: string, ref: RegionObjectRef): Promise<string | null>
  /** Writes the region received so far, when the adapter can count them. */
  writes?(region: string): Promise<number>
}

/** What `describeRegionPort`'s `setup` returns; `teardown` runs after each test. */
export interface RegionFixture {
  readonly regions: RegionPort
  /** A region the port reaches, empty for this test's credentials. */
  readonly region: string
  /** A second reachable region, to check that regions are kept apart. */
  readonly otherRegion?: string
  readonly reader: RegionReader
  /**
   * Resolves once nothing the port started for `region` can still write there: every request it
   * sent was answered, or cancelled at the region's end. The suite awaits it after an aborted
   * `apply` rejected, before it checks that nothing landed (it never sleeps). Optional: leave it
   * out when a rejected call has already stopped writing (the memory regions). A Kubernetes
   * adapter could wait for its in-flight requests, then read the object at a fresh
   * `resourceVersion` so a write the API server accepted before the abort is visible.
   */
  readonly settled?: (region: string) => Promise<void>
  readonly teardown?: () => Promise<void>
}

/** Accessor the case file uses to reach the current test's fixture. */
export type RegionFixtureRef = () => RegionFixture
