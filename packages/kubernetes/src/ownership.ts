import type { KubeObject, ManagedFieldsEntry, ObjectKind } from './client.js'
import { ANNOTATION_DATA_KEYS } from './names.js'

/**
 * Drift from the API server's own record of who wrote what: server-side apply's
 * `metadata.managedFields`. credkit writes only by apply with its field manager, so its entry is
 * the one with that manager, operation `Apply` and no subresource. A hand edit (kubectl edit,
 * replace, patch, a client update, another apply) moves the fields it changes to another manager's
 * entry, and a removed field leaves credkit's entry. Fields are paths in the `fieldsV1` trie:
 * `f:<name>` is a struct field or map key, `.` the node itself; an empty object marks a leaf.
 */
type FieldSet = { readonly [key: string]: FieldSet }

/** The field set of credkit's apply entry, or null when there is none (the object was not written by credkit, or was replaced). */
function appliedBy(object: KubeObject, fieldManager: string): FieldSet | null {
  const entry = (object.metadata?.managedFields ?? []).find(
    (e) => e.manager === fieldManager && e.operation === 'Apply' && !e.subresource,
  )
  return entry ? ((entry.fieldsV1 ?? {}) as FieldSet) : null
}

/** The other entries of the main resource (a status subresource writes no spec and no data). */
function othersOf(object: KubeObject, fieldManager: string): FieldSet[] {
  return (object.metadata?.managedFields ?? [])
    .filter((e: ManagedFieldsEntry) => !e.subresource)
    .filter((e) => !(e.manager === fieldManager && e.operation === 'Apply'))
    .map((e) => (e.fieldsV1 ?? {}) as FieldSet)
}

/** Leaf paths of a field set, each as JSON of its keys (`.` entries, a node's own marker, left out). */
function leaves(set: FieldSet | undefined, prefix: ReadonlyArray<string> = []): string[] {
  if (!set) return []
  const keys = Object.keys(set).filter((key) => key !== '.')
  if (keys.length === 0) return prefix.length > 0 ? [JSON.stringify(prefix)] : []
  return keys.flatMap((key) => leaves(set[key], [...prefix, key]))
}

const fieldName = (key: string) => (key.startsWith('f:') ? key.slice(2) : null)

/**
 * A Secret is as credkit wrote it when credkit's apply entry owns its `type` and every data key,
 * and the data holds exactly the keys credkit wrote (annotation `credkit.dev/data-keys`: a key
 * removed by hand leaves credkit's entry and the data alike). Another manager may co-own a key
 * only at credkit's value: a change of value moves the key out of credkit's entry. The API server
 * records a write through `stringData` as one of `data`.
 */
function secretIntact(object: KubeObject, fieldManager: string): boolean {
  const mine = appliedBy(object, fieldManager)
  if (!mine?.['f:type']) return false
  const owned = new Set(Object.keys(mine['f:data'] ?? {}).map(fieldName))
  const live = Object.keys((object['data'] ?? {}) as Record<string, string>).sort()
  const written = (object.metadata?.annotations?.[ANNOTATION_DATA_KEYS] ?? '').split(',').filter(Boolean)
  const sameKeys = live.length === written.length && [...written].sort().every((key, i) => key === live[i])
  return sameKeys && live.every((key) => owned.has(key))
}

/**
 * Spec fields credkit writes into every Issuer and Certificate, whatever the credential (the
 * Issuer's `email` is optional). The API server refuses to drop the ones its schema requires, not
 * `dnsNames` nor `solvers`: a removal takes a field out of credkit's entry and out of the object
 * alike, so only this list tells it.
 */
const ALWAYS_WRITTEN: Record<Exclude<ObjectKind, 'Secret'>, ReadonlyArray<ReadonlyArray<string>>> = {
  Issuer: [
    ['f:acme', 'f:server'],
    ['f:acme', 'f:privateKeySecretRef', 'f:name'],
    ['f:acme', 'f:solvers'],
  ],
  Certificate: [['f:secretName'], ['f:dnsNames'], ['f:issuerRef', 'f:name']],
}

/**
 * A cert-manager object is as credkit wrote it when credkit's apply entry owns the spec fields it
 * always writes and no other manager alone owns a field of its `spec` (fields the API server
 * defaulted belong to no manager and do not count; a field another manager co-owns at credkit's
 * value is fine).
 */
function specIntact(object: KubeObject, kind: 'Issuer' | 'Certificate', fieldManager: string): boolean {
  const mine = appliedBy(object, fieldManager)
  if (!mine) return false
  const own = new Set(leaves(mine['f:spec']))
  return (
    ALWAYS_WRITTEN[kind].every((path) => own.has(JSON.stringify(path))) &&
    othersOf(object, fieldManager).every((set) => leaves(set['f:spec']).every((path) => own.has(path)))
  )
}

/**
 * Fields of `data`/`spec` that only other managers own and credkit's apply does not write: a key
 * or field added by hand, which a forced apply leaves in place. Only paths of plain field names
 * (no list items), as paths of names for a merge patch that removes them.
 */
export function strayFields(object: KubeObject, kind: ObjectKind, fieldManager: string): string[][] {
  const root = kind === 'Secret' ? 'f:data' : 'f:spec'
  const own = new Set(leaves(appliedBy(object, fieldManager)?.[root]))
  const stray = new Set(
    othersOf(object, fieldManager).flatMap((set) => leaves(set[root]).filter((path) => !own.has(path))),
  )
  return [...stray]
    .map((path) => JSON.parse(path) as string[])
    .filter((path) => path.every((key) => key.startsWith('f:')))
    .map((path) => [root.slice(2), ...path.map((key) => key.slice(2))])
}

/** Whether nobody but credkit's field manager changed what credkit wrote into the object. */
export function untouched(object: KubeObject, kind: ObjectKind, fieldManager: string): boolean {
  return kind === 'Secret' ? secretIntact(object, fieldManager) : specIntact(object, kind, fieldManager)
}
