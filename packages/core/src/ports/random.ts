import { randomBytes, randomUUID } from 'node:crypto'

/** Randomness source. The default is the OS CSPRNG; tests may inject a seeded one for ids only. */
export interface Random {
  /** `length` cryptographically random bytes (nonces, data keys). */
  bytes(length: number): Uint8Array
  /** A new unique id (credential, audit event, job ids). */
  id(): string
  /** A float in [0, 1) for backoff jitter. */
  float(): number
}

export const systemRandom: Random = {
  bytes: (length) => new Uint8Array(randomBytes(length)),
  id: () => randomUUID(),
  float: () => Math.random(),
}
