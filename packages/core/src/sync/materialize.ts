import type { ServiceContext } from '../context/context.js'
import { kindOf } from '../domain/kinds/index.js'
import { openSecret } from '../domain/secrets.js'
import type { CredentialRecord } from '../model/credential-records.js'
import type { CredentialType } from '../model/credential-type.js'
import type { MaterializedCredential } from '../ports/region-port.js'
import { contentHash } from './content-hash.js'

/**
 * Decrypts one credential version in memory and builds what a region receives. Secret values stay
 * wrapped in `Secret` until the adapter writes them; nothing here is stored or logged.
 * @throws CredentialsError CRYPTO_FAILED
 */
export async function materialize<T extends CredentialType>(
  ctx: ServiceContext,
  record: CredentialRecord<T>,
): Promise<MaterializedCredential> {
  const stored = await openSecret(ctx, record)
  const payload = kindOf(record.type).materialize(record.publicData, stored)
  return {
    accountId: record.accountId,
    credentialId: record.id,
    type: record.type,
    version: record.version,
    contentHash: contentHash(record),
    payload,
  } as MaterializedCredential
}

/** How a run builds what a region receives: `materialize`, or a cache of it. */
export type Materializer = (record: CredentialRecord) => Promise<MaterializedCredential>

/** Versions one run keeps decrypted at most: the jobs of a credential's regions run close together. */
const RUN_CACHE_SIZE = 64

/**
 * `materialize` for one `runDueJobs` run: the jobs of one credential version (one per region)
 * decrypt it once. Entries are keyed by account, id and version, so an update is a new entry;
 * the cache lives as long as the run and keeps at most 64 versions, oldest dropped first.
 */
export function runMaterializer(ctx: ServiceContext): Materializer {
  const cache = new Map<string, Promise<MaterializedCredential>>()
  return (record) => {
    const key = `${record.accountId}\0${record.id}\0${record.version}`
    let built = cache.get(key)
    if (!built) {
      built = materialize(ctx, record)
      // A failed decryption is not kept: the next job of the version tries again.
      built.catch(() => cache.delete(key))
      cache.set(key, built)
      if (cache.size > RUN_CACHE_SIZE) cache.delete(cache.keys().next().value!)
    }
    return built
  }
}
