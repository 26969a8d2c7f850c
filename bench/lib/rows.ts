import type { CredentialRecord } from '@credkit/core'
import { makeRecord } from '@credkit/testing'

/** `count` synthetic basic-auth rows of one account (opaque envelopes: never opened). */
export function syntheticRows(accountId: string, count: number, prefix = 's'): CredentialRecord[] {
  return Array.from({ length: count }, (_, i) =>
    makeRecord({ accountId, id: `${prefix}-${i}`, name: `${prefix}-name-${i}`, type: 'basic-auth' }),
  )
}
