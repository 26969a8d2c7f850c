import { afterEach, beforeEach, describe } from 'vitest'
import { regionCases } from './region-port.cases.js'
import type { RegionFixture } from './region-reader.js'

export interface DescribeRegionPortOptions {
  /** Shown in the test names. */
  readonly name: string
  /**
   * Builds a fresh adapter and a direct reader of what it stores; runs before every test. The
   * fixture may add `settled(region)` (see `RegionFixture`) so the abort case waits for the
   * adapter's in-flight requests instead of a fixed delay.
   */
  readonly setup: () => Promise<RegionFixture> | RegionFixture
}

/**
 * The `RegionPort` conformance suite: apply/observe/remove round trip, idempotent apply, an older
 * version never replacing a newer one, an aborted apply never landing, removal of what is absent,
 * unknown regions rejected.
 */
export function describeRegionPort(options: DescribeRegionPortOptions): void {
  describe(`RegionPort conformance: ${options.name}`, () => {
    let fixture: RegionFixture | undefined
    beforeEach(async () => {
      fixture = await options.setup()
    })
    afterEach(async () => {
      await fixture?.teardown?.()
      fixture = undefined
    })
    regionCases(() => {
      if (!fixture) throw new Error('region fixture not set up')
      return fixture
    })
  })
}
