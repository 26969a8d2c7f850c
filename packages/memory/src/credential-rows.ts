import { type CredentialRecord, credentialNameKey } from '@credkit/core'
import { key, type MemoryState, type UndoLog } from './state.js'

function nameKey(row: CredentialRecord): string {
  return key(row.accountId, row.type, credentialNameKey(row.name))
}

function addToSet(map: Map<string, Set<string>>, k: string, id: string): void {
  const set = map.get(k)
  if (set) set.add(id)
  else map.set(k, new Set([id]))
}

function removeFromSet(map: Map<string, Set<string>>, k: string, id: string): void {
  const set = map.get(k)
  set?.delete(id)
  if (set?.size === 0) map.delete(k)
}

function unindex(state: MemoryState, row: CredentialRecord): void {
  const { indexes } = state
  removeFromSet(indexes.byAccount, row.accountId, row.id)
  if (indexes.names.get(nameKey(row)) === row.id) indexes.names.delete(nameKey(row))
  if (indexes.defaults.get(row.accountId) === row.id) indexes.defaults.delete(row.accountId)
  for (const name of row.hostNames) removeFromSet(indexes.hosts, key(row.accountId, name), row.id)
}

function index(state: MemoryState, row: CredentialRecord): void {
  const { indexes } = state
  addToSet(indexes.byAccount, row.accountId, row.id)
  indexes.names.set(nameKey(row), row.id)
  if (row.isDefault) indexes.defaults.set(row.accountId, row.id)
  for (const name of row.hostNames) addToSet(indexes.hosts, key(row.accountId, name), row.id)
}

/** Replaces (or with `next` undefined, deletes) row `id` and its index entries, undoably. */
export function writeRow(
  state: MemoryState,
  id: string,
  next: CredentialRecord | undefined,
  undo: UndoLog,
): void {
  const previous = state.credentials.get(id)
  const apply = (from: CredentialRecord | undefined, to: CredentialRecord | undefined) => {
    if (from) unindex(state, from)
    if (to) {
      state.credentials.set(id, to)
      index(state, to)
    } else state.credentials.delete(id)
  }
  apply(previous, next)
  undo.push(() => apply(next, previous))
}

/** Which unique rule `row` would break, if any. */
export function uniqueViolation(state: MemoryState, row: CredentialRecord): 'name' | 'isDefault' | null {
  const holder = state.indexes.names.get(nameKey(row))
  if (holder !== undefined && holder !== row.id) return 'name'
  const defaultId = state.indexes.defaults.get(row.accountId)
  if (row.isDefault && defaultId !== undefined && defaultId !== row.id) return 'isDefault'
  return null
}

/** A stored copy: frozen, with its own envelope bytes. */
export function freezeRow(row: CredentialRecord): CredentialRecord {
  return Object.freeze({
    ...row,
    envelope: row.envelope.slice(),
    hostNames: Object.freeze([...row.hostNames]),
  })
}
