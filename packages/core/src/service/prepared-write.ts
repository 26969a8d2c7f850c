import { CredentialsError } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'

const MAX_PREPARATIONS = 5

/**
 * Runs a write whose expensive part (decrypting, sealing: KeyPort calls that may be a KMS round
 * trip) is prepared outside the transaction, so no database connection or account lock is held
 * while a key service answers, and a retried transaction does not repeat it.
 *
 * `read` loads the row; `prepare` builds the write from it; `write` runs the transaction and
 * returns null when the row's version is no longer the one prepared from (a concurrent writer
 * won), which prepares again on the new version, a few times at most.
 * @throws CredentialsError CONFLICT (retryable) when the row kept moving
 */
export async function withPreparedWrite<P, R>(steps: {
  read: () => Promise<CredentialRecord>
  prepare: (current: CredentialRecord) => Promise<P>
  write: (seen: CredentialRecord, prepared: P) => Promise<R | null>
}): Promise<R> {
  for (let attempt = 1; attempt <= MAX_PREPARATIONS; attempt++) {
    const seen = await steps.read()
    const prepared = await steps.prepare(seen)
    const result = await steps.write(seen, prepared)
    if (result !== null) return result
  }
  throw new CredentialsError('CONFLICT', 'The credential kept changing concurrently; try again', {
    retryable: true,
  })
}

/**
 * Optimistic concurrency: a caller that names the version it last saw gets `CONFLICT` (with the
 * current version) when the credential has moved on.
 * @throws CredentialsError CONFLICT
 */
export function checkExpectedVersion(current: CredentialRecord, expected: number | undefined): void {
  if (expected === undefined || expected === current.version) return
  throw new CredentialsError(
    'CONFLICT',
    `The credential is at version ${current.version}, not the expected version ${expected}: it was changed meanwhile`,
    { field: 'expectedVersion', currentVersion: current.version },
  )
}
