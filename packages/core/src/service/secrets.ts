import type { EnvelopeBinding } from '../crypto/binding.js'
import { openJson, sealJson } from '../crypto/envelope-json.js'
import type { CredentialRecord, SecretDataByType } from '../model/credential-records.js'
import type { CredentialType } from '../model/credential-type.js'
import type { ServiceContext } from './context.js'

/** What the envelope of `record` is bound to. */
export function bindingOf(
  record: Pick<CredentialRecord, 'accountId' | 'id' | 'type' | 'secretVersion'>,
): EnvelopeBinding {
  return {
    accountId: record.accountId,
    credentialId: record.id,
    type: record.type,
    secretVersion: record.secretVersion,
  }
}

/** Seals the secret fields of one credential version. */
export function sealSecret(
  ctx: ServiceContext,
  binding: EnvelopeBinding,
  secret: SecretDataByType[CredentialType],
): Promise<{ envelope: Uint8Array; keyId: string }> {
  return sealJson(ctx.keys, ctx.random, binding, secret)
}

/**
 * Opens a row's envelope, in memory only.
 * @throws CredentialsError CRYPTO_FAILED
 */
export function openSecret<T extends CredentialType>(
  ctx: ServiceContext,
  record: CredentialRecord<T>,
): Promise<SecretDataByType[T]> {
  return openJson<SecretDataByType[T]>(ctx.keys, bindingOf(record), record.envelope)
}
