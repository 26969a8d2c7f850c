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
 *
 * Besides data keys, the same two calls protect each account's audit chain key (32 bytes, with a
 * context that carries the tag `credkit/audit-chain-key/v1`): a KeyPort needs no other method, and
 * anyone who can call `unwrap` (or, with a KMS, `wrap` a key of their own) can forge audit chains.
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
