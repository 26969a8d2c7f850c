import type {
  AuditChainKey,
  AuditEvent,
  CredentialRecord,
  ReferenceRecord,
  RegionStatusRecord,
  SyncJob,
} from '@credkit/core'

/**
 * Everything the memory adapter stores: the "physical" store. Tests read it directly to check
 * that a write landed where it should, not only through the adapter's own reads.
 */
export interface MemoryState {
  readonly credentials: Map<string, CredentialRecord>
  /** Key: `accountId \0 credentialId \0 kind \0 id`. */
  readonly references: Map<string, ReferenceRecord>
  readonly regions: Map<string, Set<string>>
  /** Key: `accountId \0 credentialId \0 region`. */
  readonly statuses: Map<string, RegionStatusRecord>
  /** Key: `accountId \0 credentialId \0 region`: at most one job per (credential, region). */
  readonly jobs: Map<string, SyncJob>
  readonly audit: Map<string, AuditEvent[]>
  /** accountId → its audit chain keys by ascending firstSeq. */
  readonly auditKeys: Map<string, AuditChainKey[]>
  /** Derived indexes, maintained with every credential write. */
  readonly indexes: {
    readonly byAccount: Map<string, Set<string>>
    /** `accountId \0 type \0 lower(name)` → id. */
    readonly names: Map<string, string>
    /** accountId → id of the default registry. */
    readonly defaults: Map<string, string>
    /** `accountId \0 hostName` → ids. */
    readonly hosts: Map<string, Set<string>>
  }
}

export function createMemoryState(): MemoryState {
  return {
    credentials: new Map(),
    references: new Map(),
    regions: new Map(),
    statuses: new Map(),
    jobs: new Map(),
    audit: new Map(),
    auditKeys: new Map(),
    indexes: { byAccount: new Map(), names: new Map(), defaults: new Map(), hosts: new Map() },
  }
}

/** Joins key parts with NUL, which no id, name or region contains. */
export function key(...parts: ReadonlyArray<string>): string {
  return parts.join('\0')
}

/** Undo actions of the running transaction, applied in reverse on rollback. */
export type UndoLog = Array<() => void>

/** Sets or deletes `map[k]`, recording how to put it back. */
export function setEntry<K, V>(map: Map<K, V>, k: K, value: V | undefined, undo: UndoLog): void {
  const had = map.has(k)
  const previous = map.get(k)
  if (value === undefined) map.delete(k)
  else map.set(k, value)
  undo.push(() => {
    if (had) map.set(k, previous as V)
    else map.delete(k)
  })
}

/** Orders strings by Unicode code point, as PostgreSQL's "C" collation does. */
export { compareCodePoints as compareText } from '@credkit/core'
