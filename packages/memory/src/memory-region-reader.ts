import { isSecret } from '@credkit/core'
import type { RegionReader } from '@credkit/testing'
import type { MemoryRegions } from './memory-regions.js'

/** A plain copy with every `Secret` revealed: the "physical" content of a simulated region. */
function reveal(value: unknown): unknown {
  if (isSecret(value)) return { secret: reveal(value.reveal()) }
  if (Array.isArray(value)) return value.map(reveal)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]))
  }
  return value
}

/** Reads what simulated regions hold: the conformance suite's `RegionReader`. */
export function createMemoryRegionReader(regions: MemoryRegions): RegionReader {
  return {
    async stored(region, ref) {
      const object = regions.holdings(region).get(ref.credentialId)
      return object ? JSON.stringify(reveal(object)) : null
    },
    async writes(region) {
      return regions.writes(region)
    },
  }
}
