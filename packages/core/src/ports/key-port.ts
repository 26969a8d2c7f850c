/**
 * Wraps and unwraps per-secret data keys with key-encryption keys identified by id. The default
 * implementation is `createLocalKeyring`; a KMS or Vault transit adapter implements the same port.
 *
 * Contract:
 * - Key ids are non-empty strings.
 * - `wrap` always uses the current primary key and returns its id.
 * - `unwrap` uses the key named by `keyId`; an unknown id, a wrong key, tampered bytes or a
 *   different `context` reject with `CRYPTO_FAILED` and never return partial bytes.
 * - `context` is authenticated (AEAD associated data), not encrypted.
 */
export interface KeyPort {
  primaryKeyId(): Promise<string>
  wrap(dataKey: Uint8Array, context: Uint8Array): Promise<WrappedKey>
  unwrap(keyId: string, wrapped: Uint8Array, context: Uint8Array): Promise<Uint8Array>
}

export interface WrappedKey {
  readonly keyId: string
  readonly wrapped: Uint8Array
}
