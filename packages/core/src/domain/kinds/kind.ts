import type { AcmeOptions } from '../../acme/ambient.js'
import type { PublicDataByType, SecretDataByType } from '../../model/credential-records.js'
import type { CredentialType } from '../../model/credential-type.js'
import type { MaterializedPayloadByType } from '../../ports/region-port.js'

/** What a create or update of one credential body produces. */
export interface BuiltBody<T extends CredentialType> {
  readonly publicData: PublicDataByType[T]
  /** Normalised names a host may match (TLS and ACME), else empty. */
  readonly hostNames: ReadonlyArray<string>
  /** New secret fields to seal, or null to keep the stored envelope as it is. */
  readonly secret: SecretDataByType[T] | null
  /** Names of the body fields given (`data.server`), for the audit event. */
  readonly fields: ReadonlyArray<string>
}

export interface KindContext {
  readonly now: Date
  /** How ACME provider configs are checked (default: own cloud credentials required). */
  readonly acme?: AcmeOptions | undefined
}

/**
 * The per-type part of a credential: how its body is validated, split into public and secret
 * fields, merged on update and turned into what a region receives. One file per type.
 */
export interface CredentialKind<T extends CredentialType> {
  readonly type: T
  /** Secret field names, as `reveal` returns them. */
  readonly secretFields: ReadonlyArray<keyof SecretDataByType[T] & string>
  /** @throws CredentialsError VALIDATION_FAILED (paths under `data`) */
  create(data: unknown, context: KindContext): BuiltBody<T>
  /**
   * Applies a partial body. A secret field left out keeps its stored value; `loadSecret` decrypts
   * the stored fields when a cross-field check needs them (a new certificate against the stored key).
   * @throws CredentialsError VALIDATION_FAILED
   */
  update(
    current: PublicDataByType[T],
    patch: unknown,
    context: KindContext,
    loadSecret: () => Promise<SecretDataByType[T]>,
  ): Promise<BuiltBody<T>>
  materialize(publicData: PublicDataByType[T], secret: SecretDataByType[T]): MaterializedPayloadByType[T]
}

/** The body fields a request actually gave: `{ server, password }` → `['data.password', 'data.server']`. */
export function dataFields(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort()
    .map((key) => `data.${key}`)
}
