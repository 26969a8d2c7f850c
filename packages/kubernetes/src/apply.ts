import { type MaterializedCredential, RegionError, type RegionObservation } from '@credkit/core'
import type { ClusterClient, KubeObject, ObjectKind } from './client.js'
import { issuanceOf } from './issuance.js'
import type { DesiredObject } from './manifests/desired.js'
import { desiredObjects, type MaterializeDeps, ownedObjects } from './manifests/index.js'
import { objectNames } from './names.js'
import { annotationsOf, holdsContent, toManifest } from './objects.js'
import { type FoundObjects, observationOf } from './observation.js'
import { strayFields, untouched } from './ownership.js'

/** Reads every object a credential may own (one GET each) and, for an issued ACME certificate, its Secret. */
export async function readOwned(
  client: ClusterClient,
  namespace: string,
  ref: Pick<MaterializedCredential, 'credentialId' | 'type'>,
  signal?: AbortSignal,
): Promise<{ found: FoundObjects; issuedSecret: KubeObject | null }> {
  const found: { -readonly [K in ObjectKind]: KubeObject | null } = {
    Secret: null,
    Issuer: null,
    Certificate: null,
  }
  await Promise.all(
    ownedObjects(ref).map(async ({ kind, name }) => {
      found[kind] = await client.get(kind, namespace, name, signal)
    }),
  )
  let issuedSecret: KubeObject | null = null
  if (ref.type === 'acme-wildcard' && isReady(found.Certificate)) {
    issuedSecret = await client.get(
      'Secret',
      namespace,
      objectNames(ref.credentialId, ref.type).issuedSecret,
      signal,
    )
  }
  return { found, issuedSecret }
}

function isReady(certificate: KubeObject | null): boolean {
  const conditions = (certificate?.['status'] as { conditions?: Array<{ type?: string; status?: string }> })
    ?.conditions
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}

/** Whether the live object holds the desired content under this content hash, as credkit's field manager wrote it. */
function inPlace(
  live: KubeObject | null,
  desired: DesiredObject,
  contentHash: string,
  fieldManager: string,
): boolean {
  return (
    live !== null &&
    annotationsOf(live)?.contentHash === contentHash &&
    holdsContent(live, desired) &&
    untouched(live, desired.kind, fieldManager)
  )
}

/**
 * Brings a credential's objects to `credential`: reads them, writes only what differs (server-side
 * apply; a Secret whose `type` changes is deleted, only that very object, and recreated; data keys
 * and spec fields another manager added are removed), deletes an owned object the version no
 * longer has, then reads every object back and compares its decoded content with what was meant
 * and its `managedFields` with credkit's write. A region holding a newer version is left untouched.
 * The signal cancels the reads before the first write; an aborted call has then written nothing.
 * Writes are never cancelled halfway: a call that started writing resolves with what it wrote
 * (or rejects on an API error), so "rejected after an abort" always means "nothing landed".
 */
export async function applyCredential(
  client: ClusterClient,
  namespace: string,
  credential: MaterializedCredential,
  deps: MaterializeDeps,
  signal?: AbortSignal,
): Promise<RegionObservation> {
  signal?.throwIfAborted()
  const desired = desiredObjects(credential, deps)
  const { found, issuedSecret } = await readOwned(client, namespace, credential, signal)
  const current = observationOf(
    credential.credentialId,
    credential.type,
    found,
    issuedSecret,
    client.fieldManager,
  )
  if (current && current.version > credential.version) return current

  const stale = ownedObjects(credential).filter(
    ({ kind, name }) => found[kind] !== null && !desired.some((d) => d.kind === kind && d.name === name),
  )
  const changes = desired.filter(
    (d) => !inPlace(found[d.kind], d, credential.contentHash, client.fieldManager),
  )
  if (changes.length === 0 && stale.length === 0 && current) return current

  // Last point to give up: once a write is sent it is not cancelled (an aborted request may still
  // land), so the call goes on to the read-back and resolves with what it wrote.
  signal?.throwIfAborted()
  for (const object of changes) {
    const live = found[object.kind]
    if (object.kind === 'Secret' && live && live['type'] !== object.type) {
      // A Secret's type is immutable (422 Invalid on `type`): delete that very object, recreate it.
      await client.delete('Secret', namespace, object.name, undefined, live.metadata?.uid)
    }
    const written = await client.apply(object.kind, namespace, toManifest(object, credential, namespace))
    // A forced apply takes back credkit's fields but leaves what another manager added: remove it.
    const stray = strayFields(written, object.kind, client.fieldManager)
    if (stray.length > 0) await client.removeFields(object.kind, namespace, object.name, stray)
  }
  for (const { kind, name } of stale) await client.delete(kind, namespace, name)

  const back = await readOwned(client, namespace, credential)
  for (const object of desired) {
    if (!inPlace(back.found[object.kind], object, credential.contentHash, client.fieldManager)) {
      throw new RegionError(`read-back of ${object.kind} ${object.name} differs from what was applied`, {
        reason: 'ReadBackMismatch',
      })
    }
  }
  return {
    version: credential.version,
    contentHash: credential.contentHash,
    issuance:
      credential.type === 'acme-wildcard' ? issuanceOf(back.found.Certificate, back.issuedSecret) : null,
  }
}
