import { canonicalJson, type MaterializedCredential } from '@credkit/core'
import type { KubeObject } from './client.js'
import { contentOf, type DesiredObject } from './manifests/desired.js'
import {
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_CONTENT_HASH,
  ANNOTATION_CREDENTIAL_ID,
  ANNOTATION_DATA_KEYS,
  ANNOTATION_VERSION,
  labelsOf,
} from './names.js'

/** The manifest server-side applied for a desired object, labels and annotations included. */
export function toManifest(desired: DesiredObject, credential: MaterializedCredential, namespace: string) {
  const metadata = {
    name: desired.name,
    namespace,
    labels: labelsOf(credential),
    annotations: {
      [ANNOTATION_VERSION]: String(credential.version),
      [ANNOTATION_CONTENT_HASH]: credential.contentHash,
      ...(desired.kind === 'Secret'
        ? { [ANNOTATION_DATA_KEYS]: Object.keys(desired.data).sort().join(',') }
        : {}),
      [ANNOTATION_ACCOUNT_ID]: credential.accountId,
      [ANNOTATION_CREDENTIAL_ID]: credential.credentialId,
    },
  }
  if (desired.kind === 'Secret') {
    const data = Object.fromEntries(
      Object.entries(desired.data).map(([key, value]) => [
        key,
        Buffer.from(value, 'utf8').toString('base64'),
      ]),
    )
    return { apiVersion: 'v1', kind: 'Secret', metadata, type: desired.type, data }
  }
  return { apiVersion: 'cert-manager.io/v1', kind: desired.kind, metadata, spec: desired.spec }
}

/** What a live object holds, decoded: a Secret's type and data as text, or a resource's spec. */
export function liveContent(object: KubeObject): Record<string, unknown> {
  if (isSecret(object)) {
    const data = (object['data'] ?? {}) as Record<string, string>
    const decoded = Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
    )
    return { type: (object['type'] as string | undefined) ?? 'Opaque', data: decoded }
  }
  return { spec: object['spec'] ?? {} }
}

/**
 * Whether a live object holds the desired content: a Secret's type and decoded data exactly; a
 * resource's spec as a superset of the desired one (the API server fills defaults such as the
 * Issuer's `renewalInformationSource`).
 */
export function holdsContent(object: KubeObject, desired: DesiredObject): boolean {
  const live = liveContent(object)
  if (desired.kind === 'Secret') return canonicalJson(live) === canonicalJson(contentOf(desired))
  return includes(live['spec'], desired.spec)
}

/** Whether `live` holds every field of `wanted` with the same value (arrays compared whole). */
function includes(live: unknown, wanted: unknown): boolean {
  if (typeof wanted !== 'object' || wanted === null || Array.isArray(wanted)) {
    return canonicalJson(live) === canonicalJson(wanted)
  }
  if (typeof live !== 'object' || live === null || Array.isArray(live)) return false
  return Object.entries(wanted).every(([key, value]) =>
    includes((live as Record<string, unknown>)[key], value),
  )
}

/** The version, content hash and credential id credkit annotated an object with (null when not credkit's). */
export function annotationsOf(object: KubeObject) {
  const annotations = object.metadata?.annotations ?? {}
  const version = Number(annotations[ANNOTATION_VERSION])
  const contentHash = annotations[ANNOTATION_CONTENT_HASH]
  if (!Number.isInteger(version) || !contentHash) return null
  return { version, contentHash, credentialId: annotations[ANNOTATION_CREDENTIAL_ID] ?? null }
}

/** Whether the object is a Secret (LIST items carry no `kind`). */
function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' || object['type'] !== undefined || object['data'] !== undefined
}
