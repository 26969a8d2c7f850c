import {
  CredentialsError,
  type MaterializedCredential,
  type RegionObservation,
  type RegionPort,
} from '@credkit/core'

export interface MemoryRegionsOptions {
  /** Region ids this port reaches. */
  readonly regions: ReadonlyArray<string>
}

/** What a simulated region holds for one credential. */
export interface MemoryRegionObject {
  readonly credential: MaterializedCredential
  readonly observation: RegionObservation
}

export interface MemoryRegions extends RegionPort {
  /** What `region` holds, by credential id (a copy). */
  holdings(region: string): Map<string, MemoryRegionObject>
  /** Number of writes each region received (a no-op apply writes nothing). */
  writes(region: string): number
}

/** Simulated regions held in memory, for quick starts and tests. */
export function createMemoryRegions(options: MemoryRegionsOptions): MemoryRegions {
  const held = new Map(options.regions.map((region) => [region, new Map<string, MemoryRegionObject>()]))
  const writeCounts = new Map(options.regions.map((region) => [region, 0]))
  const regionOf = (region: string) => {
    const objects = held.get(region)
    if (!objects) throw new CredentialsError('REGION_FAILED', 'Unknown region', { field: 'region' })
    return objects
  }
  return {
    async regions() {
      return [...held.keys()].sort()
    },
    async apply(region, credential) {
      const objects = regionOf(region)
      const existing = objects.get(credential.credentialId)
      if (existing && existing.observation.version > credential.version) return existing.observation
      if (existing && existing.observation.contentHash === credential.contentHash) {
        const observation = { ...existing.observation, version: credential.version }
        objects.set(credential.credentialId, { credential, observation })
        return observation
      }
      const observation: RegionObservation = {
        version: credential.version,
        contentHash: credential.contentHash,
        issuance: credential.type === 'acme-wildcard' ? { state: 'pending' } : null,
      }
      objects.set(credential.credentialId, { credential, observation })
      writeCounts.set(region, (writeCounts.get(region) ?? 0) + 1)
      return observation
    },
    async remove(region, ref) {
      if (regionOf(region).delete(ref.credentialId))
        writeCounts.set(region, (writeCounts.get(region) ?? 0) + 1)
    },
    async observe(region, ref) {
      return regionOf(region).get(ref.credentialId)?.observation ?? null
    },
    holdings(region) {
      return new Map(regionOf(region))
    },
    writes(region) {
      return writeCounts.get(region) ?? 0
    },
  }
}
