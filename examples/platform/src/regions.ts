import type { RegionPort } from '@credkit/core'
import { createMemoryRegions, type MemoryRegions } from '@credkit/memory'

/** The simulated regions' ids: the demo account deploys to both. */
export const SIMULATED_REGIONS = ['eu-west', 'us-east'] as const

export interface RegionSettings {
  /**
   * Fraction (0–1) of calls to `us-east` that fail, so the Error state shows up now and then
   * (default 0.2). The worker retries them with backoff, so they end up Synced.
   */
  readonly flakyRate?: number
}

export interface PlatformRegions {
  readonly port: RegionPort
  /** What the start-up banner says. */
  readonly describe: string
  /** The simulated regions' fault controls (tests script failures through them); null for real clusters. */
  readonly simulated: MemoryRegions | null
}

/**
 * The one place that decides where credentials are pushed. Today: two simulated regions held in
 * memory, `us-east` failing now and then. A Kubernetes RegionPort (one kubeconfig context per
 * region, from `KUBECONFIG` or `KUBEBUILDER_ASSETS`) plugs in here once `@credkit/kubernetes`
 * ships: return `{ port: createKubernetesRegions(...), simulated: null }`.
 */
export function createRegionPort(settings: RegionSettings = {}): PlatformRegions {
  const flakyRate = settings.flakyRate ?? 0.2
  const simulated = createMemoryRegions({
    regions: SIMULATED_REGIONS,
    acmeIssuance: 'instant',
    seed: Date.now() % 2 ** 31,
    faults: flakyRate > 0 ? { failRate: { 'us-east': flakyRate } } : {},
  })
  return {
    port: simulated,
    simulated,
    describe: `simulated regions ${SIMULATED_REGIONS.join(', ')} (us-east fails ${Math.round(flakyRate * 100)}% of calls)`,
  }
}
