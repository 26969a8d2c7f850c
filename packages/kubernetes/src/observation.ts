import type { CredentialType, RegionObservation } from '@credkit/core'
import type { KubeObject } from './client.js'
import { issuanceOf } from './issuance.js'
import { objectNames } from './names.js'
import { annotationsOf } from './objects.js'
import { untouched } from './ownership.js'

/** The objects found for one credential, by kind (the ACME provider Secret under `Secret`). */
export interface FoundObjects {
  readonly Secret: KubeObject | null
  readonly Issuer: KubeObject | null
  readonly Certificate: KubeObject | null
}

const KINDS = ['Secret', 'Issuer', 'Certificate'] as const

/** Prefix of the content hash `observe` reports for objects changed or removed by hand. */
export const DRIFTED = 'drifted:'

/**
 * What a region holds for one credential, from its live objects: null when none is there; the
 * annotated version and content hash when every object credkit needs is present and nobody but
 * `fieldManager` changed what credkit wrote (its `managedFields`, see `ownership.ts`); otherwise a
 * `drifted:` hash that never equals a real one, so the engine and reconcile push again.
 */
export function observationOf(
  credentialId: string,
  type: CredentialType,
  found: FoundObjects,
  issuedSecret: KubeObject | null,
  fieldManager: string,
): RegionObservation | null {
  const present = [found.Secret, found.Issuer, found.Certificate].filter((o): o is KubeObject => o !== null)
  if (present.length === 0) return null
  const metas = present.map(annotationsOf)
  const version = Math.max(0, ...metas.map((m) => m?.version ?? 0))
  const hashes = new Set(metas.map((m) => m?.contentHash ?? ''))
  const annotated = metas.find((m) => m !== null)?.contentHash ?? ''
  const issuance = type === 'acme-wildcard' ? issuanceOf(found.Certificate, issuedSecret) : null
  const complete = type === 'acme-wildcard' ? acmeComplete(credentialId, found) : found.Secret !== null
  const ok =
    complete &&
    hashes.size === 1 &&
    KINDS.every((kind) => found[kind] === null || untouched(found[kind], kind, fieldManager))
  return { version, contentHash: ok ? annotated : `${DRIFTED}${annotated}`, issuance }
}

/** Issuer and Certificate present, and the provider Secret too when the Issuer references it. */
function acmeComplete(credentialId: string, found: FoundObjects): boolean {
  if (!found.Issuer || !found.Certificate) return false
  const names = objectNames(credentialId, 'acme-wildcard')
  const referenced = JSON.stringify(found.Issuer['spec'] ?? {}).includes(`"name":"${names.secret}"`)
  return !referenced || found.Secret !== null
}
