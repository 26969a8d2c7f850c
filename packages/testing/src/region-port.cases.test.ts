import type { RegionPort } from '@credkit/core'
import { createMemoryRegionReader, createMemoryRegions } from '@credkit/memory'
import { describe, expect, it } from 'vitest'
import { abortedApplyNeverLands } from './region-port.cases.js'
import type { RegionFixture } from './region-reader.js'

/**
 * A region whose API server keeps processing a request the client gave up on: an aborted apply
 * rejects at once, yet its write lands later, when the server gets to it. `settled` waits for
 * the server, as a real adapter's hook would wait for its in-flight requests.
 */
function lateLandingFixture(): RegionFixture {
  const inner = createMemoryRegions({ regions: ['eu-1', 'us-1'] })
  const serverQueue: Array<() => Promise<unknown>> = []
  const regions: RegionPort = {
    regions: () => inner.regions(),
    apply(region, credential, options) {
      if (options?.signal?.aborted) {
        serverQueue.push(() => inner.apply(region, credential))
        return Promise.reject(options.signal.reason)
      }
      return inner.apply(region, credential, options)
    },
    remove: (region, ref, options) => inner.remove(region, ref, options),
    observe: (region, ref, options) => inner.observe(region, ref, options),
  }
  return {
    regions,
    region: 'eu-1',
    otherRegion: 'us-1',
    reader: createMemoryRegionReader(inner),
    async settled() {
      while (serverQueue.length > 0) await serverQueue.shift()!()
    },
  }
}

describe('RegionPort conformance: the abort case', () => {
  it('passes for an adapter that never writes after an abort', async () => {
    const inner = createMemoryRegions({ regions: ['eu-1'] })
    await abortedApplyNeverLands({ regions: inner, region: 'eu-1', reader: createMemoryRegionReader(inner) })
  })

  it('fails for an adapter whose aborted write lands once the region settles, however late', async () => {
    await expect(abortedApplyNeverLands(lateLandingFixture())).rejects.toThrow()
  })
})
