import type { EnvelopeBinding } from '../crypto/binding.js'
import { openJson, sealJson } from '../crypto/envelope-json.js'
import { validationFailed } from '../errors.js'
import type { CredentialRecord, SecretDataByType } from '../model/credential-records.js'
import { CredentialType } from '../model/credential-type.js'
import type { CredentialVersionRecord } from '../model/credential-versions.js'
import type { KeyPort } from '../ports/key-port.js'
import type { Random } from '../ports/random.js'

/** What sealing and opening need: the key-encryption keys, and randomness for new data keys. */
export interface SecretKeys {
  readonly keys: KeyPort
  readonly random: Random
}

/**
 * What the envelope of `record` is bound to. Crypto binds whatever strings it is given; the
 * credential type is checked here (and in `sealSecret`), where the domain hands it over.
 * @throws CredentialsError VALIDATION_FAILED for a type that is not a credential type
 */
export function bindingOf(
  record: Pick<CredentialRecord, 'accountId' | 'id' | 'type' | 'secretVersion'>,
): EnvelopeBinding {
  return checkedBinding({
    accountId: record.accountId,
    credentialId: record.id,
    type: record.type,
    secretVersion: record.secretVersion,
  })
}

function checkedBinding(binding: EnvelopeBinding): EnvelopeBinding {
  if (!CredentialType.safeParse(binding.type).success) {
    throw validationFailed([{ path: ['type'], message: 'expected a credential type' }])
  }
  return binding
}

/**
 * Seals the secret fields of one credential version.
 * @throws CredentialsError VALIDATION_FAILED for a type that is not a credential type
 */
export async function sealSecret(
  ctx: SecretKeys,
  binding: EnvelopeBinding,
  secret: SecretDataByType[CredentialType],
): Promise<{ envelope: Uint8Array; keyId: string }> {
  return sealJson(ctx.keys, ctx.random, checkedBinding(binding), secret)
}

/**
 * Opens the envelope of an earlier version, kept in the history: bound to the credential and to
 * the secret version it was sealed at, like the row's own.
 * @throws CredentialsError CRYPTO_FAILED
 */
export async function openVersionSecret<T extends CredentialType>(
  ctx: Pick<SecretKeys, 'keys'>,
  version: CredentialVersionRecord<T>,
): Promise<SecretDataByType[T]> {
  const { accountId, credentialId: id, type, secretVersion } = version
  return openJson<SecretDataByType[T]>(
    ctx.keys,
    bindingOf({ accountId, id, type, secretVersion }),
    version.envelope,
  )
}

/**
 * Opens a row's envelope, in memory only.
 * @throws CredentialsError CRYPTO_FAILED
 */
export async function openSecret<T extends CredentialType>(
  ctx: Pick<SecretKeys, 'keys'>,
  record: CredentialRecord<T>,
): Promise<SecretDataByType[T]> {
  return openJson<SecretDataByType[T]>(ctx.keys, bindingOf(record), record.envelope)
}
