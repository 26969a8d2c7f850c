import type { RegionObjectRef, RegionPort } from '../ports/region-port.js'

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
  readonly teardown?: () => Promise<void>
}
