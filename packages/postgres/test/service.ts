import {
  type Credentials,
  createCredentials,
  createLocalKeyring,
  generateKey,
  type StoragePort,
} from '@credkit/core'
import { createMemoryRegions } from '@credkit/memory'

const keys = createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' })

/** The credkit service on `storage`, with no regions and one local key. */
export function credentialsOn(storage: StoragePort): Credentials {
  return createCredentials({ storage, regions: createMemoryRegions({ regions: [] }), keys })
}

/** A manager of `accountId`. */
export const manager = (accountId: string) => ({ accountId, userId: 'u-admin', roles: ['admin'] })

/** The body of a container-registry credential. */
export const registry = (name: string, password = 'registry-password', isDefault?: boolean) => ({
  type: 'container-registry' as const,
  name,
  data: { server: 'ghcr.io', username: 'bot', password },
  ...(isDefault === undefined ? {} : { isDefault }),
})
