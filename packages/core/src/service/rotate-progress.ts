// What `rotateKeys` reports, shared by its passes over current rows, history and chain keys.

/** Why a row was left untouched. Ids only: never content. */
export type RotateKeysFailure =
  /** The data key did not unwrap: unknown key id, wrong binding, or a tampered wrap. */
  | 'unwrap-failed'
  /** The data key unwrapped but the payload failed authentication: the ciphertext is corrupt. */
  | 'payload-corrupt'

export interface RotateKeysProgress {
  /**
   * Envelopes re-wrapped under the primary key in this run. Each one's payload was opened first
   * (decrypted and authenticated under its data key, then wiped): a rotated row is known to open.
   */
  readonly rotated: number
  /** Rows that changed under us (rotated or rewritten by someone else) and were left alone. */
  readonly skipped: number
  /** Rows whose envelope does not open (`CRYPTO_FAILED`): listed with the reason, never written. */
  readonly failed: ReadonlyArray<{ accountId: string; id: string; reason: RotateKeysFailure }>
  /**
   * Earlier versions kept in credentials' history (after the current rows): each envelope opened,
   * then its data key re-wrapped, like a current row's.
   */
  readonly versions: {
    readonly rotated: number
    readonly skipped: number
    readonly failed: ReadonlyArray<{
      accountId: string
      id: string
      version: number
      reason: RotateKeysFailure
    }>
  }
  /**
   * Audit chain keys re-wrapped under the primary key (after the credentials). The chain key
   * itself is unchanged, so every MAC made with it still verifies once the old key is retired.
   */
  readonly chainKeys: {
    readonly rotated: number
    readonly skipped: number
    /** Chain keys that do not unwrap: left as they are (`verifyAuditChain` reports `key-unusable`). */
    readonly failed: ReadonlyArray<{ accountId: string; keyId: string }>
  }
  readonly primaryKeyId: string
}
