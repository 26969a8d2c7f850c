export type { PgClientLike, PgConnection, PgQueryable, PgResult } from './client.js'
export { MIGRATION_LOCK_KEY, type MigrateResult, migrate } from './migrate.js'
export { MIGRATIONS, type Migration } from './migrations/index.js'
export {
  type KeyUsage,
  listAccountIds,
  listChainKeySamples,
  listKeyUsage,
  listPendingJobs,
  type OperatorSyncJob,
  schemaVersion,
} from './operator-queries.js'
export { type PGliteLike, pgliteClient } from './pglite-client.js'
export { createPostgresStorage } from './postgres-storage.js'
