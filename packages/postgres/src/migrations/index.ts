import { INIT_SQL } from './0001-init.js'
import { LIST_ORDER_SQL } from './0002-list-order.js'
import { REGION_ERROR_DETAIL_SQL } from './0003-region-error-detail.js'
import { KEYED_AUDIT_CHAIN_SQL } from './0004-keyed-audit-chain.js'
import { CREDENTIAL_LIFECYCLE_SQL } from './0005-credential-lifecycle.js'
import { SYNC_INDEXES_SQL } from './0006-sync-indexes.js'

/** One schema change, applied once in its own transaction. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** Every migration, in order. Append only: never edit one that has shipped. */
export const MIGRATIONS: ReadonlyArray<Migration> = [
  { version: 1, name: 'init', sql: INIT_SQL },
  { version: 2, name: 'list-order', sql: LIST_ORDER_SQL },
  { version: 3, name: 'region-error-detail', sql: REGION_ERROR_DETAIL_SQL },
  { version: 4, name: 'keyed-audit-chain', sql: KEYED_AUDIT_CHAIN_SQL },
  { version: 5, name: 'credential-lifecycle', sql: CREDENTIAL_LIFECYCLE_SQL },
  { version: 6, name: 'sync-indexes', sql: SYNC_INDEXES_SQL },
]
