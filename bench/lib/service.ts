import {
  type Credentials,
  createCredentials,
  createLocalKeyring,
  generateKey,
  type StoragePort,
} from '@credkit/core'
import { createMemoryRegions, type MemoryRegions } from '@credkit/memory'

export const admin = (accountId: string) => ({ accountId, userId: 'bench', roles: ['admin'] })

/** The service on `storage` with `regions` simulated regions of `latencyMs` each. */
export function benchService(
  storage: StoragePort,
  options: { regions?: number; latencyMs?: number } = {},
): { credentials: Credentials; regions: MemoryRegions; regionIds: string[] } {
  const regionIds = Array.from({ length: options.regions ?? 0 }, (_, i) => `region-${i}`)
  const regions = createMemoryRegions({ regions: regionIds, latencyMs: options.latencyMs ?? 0 })
  const keys = createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })
  return { credentials: createCredentials({ storage, regions, keys }), regions, regionIds }
}

/** A basic-auth body; names must be unique per account. */
export const basicAuth = (name: string) => ({
  type: 'basic-auth' as const,
  name,
  data: { username: 'bench', password: `pw-${name}-0123456789` },
})

export const registry = (name: string) => ({
  type: 'container-registry' as const,
  name,
  data: { server: 'ghcr.io', username: 'bench', password: `pw-${name}-0123456789` },
})
