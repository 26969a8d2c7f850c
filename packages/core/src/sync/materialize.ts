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
