import {
  type CredentialRecord,
  type CredentialStore,
  CredentialsError,
  comparePositions,
  positionOf,
} from '@credkit/core'
import { freezeRow, uniqueViolation, writeRow } from './credential-rows.js'
import { compareText, key, type MemoryState, type UndoLog } from './state.js'

function conflict(rule: 'name' | 'isDefault'): CredentialsError {
  return rule === 'name'
    ? new CredentialsError('CONFLICT', 'A credential of this type with this name already exists', {
        field: 'name',
      })
    : new CredentialsError('CONFLICT', 'The account already has a default registry', {
        field: 'isDefault',
        retryable: true,
      })
}

/** Callers get their own envelope bytes: mutating them cannot reach the store. */
function readRow(row: CredentialRecord): CredentialRecord {
  return { ...row, envelope: row.envelope.slice() }
}

function compareIds(a: CredentialRecord, b: CredentialRecord): number {
  return compareText(a.id, b.id)
}

export function memoryCredentialStore(state: MemoryState, undo: UndoLog): CredentialStore {
  const ofAccount = (accountId: string, id: string) => {
    const row = state.credentials.get(id)
    return row && row.accountId === accountId ? row : undefined
  }
  const accountRows = (accountId: string) =>
    [...(state.indexes.byAccount.get(accountId) ?? [])].map((id) => state.credentials.get(id)!)

  return {
    async insert(record) {
      if (state.credentials.has(record.id)) {
        throw new CredentialsError('CONFLICT', 'A credential with this id already exists', { field: 'id' })
      }
      const rule = uniqueViolation(state, record)
      if (rule) throw conflict(rule)
      writeRow(state, record.id, freezeRow(record), undo)
    },
    async update(record, expectedVersion) {
      const current = ofAccount(record.accountId, record.id)
      if (!current || current.version !== expectedVersion || current.type !== record.type) return false
      const rule = uniqueViolation(state, record)
      if (rule) throw conflict(rule)
      writeRow(state, record.id, freezeRow(record), undo)
      return true
    },
    async delete(accountId, id) {
      if (!ofAccount(accountId, id)) return false
      writeRow(state, id, undefined, undo)
      return true
    },
    async get(accountId, id) {
      const row = ofAccount(accountId, id)
      return row ? readRow(row) : null
    },
    async list(accountId, query = {}) {
      const after = query.after
      const rows = accountRows(accountId)
        .filter(
          (row) =>
            (query.type === undefined || row.type === query.type) &&
            (after === undefined || comparePositions(positionOf(row), after) > 0),
        )
        .sort((a, b) => comparePositions(positionOf(a), positionOf(b)))
      return rows.slice(0, query.limit ?? rows.length).map(readRow)
    },
    async getDefault(accountId) {
      const id = state.indexes.defaults.get(accountId)
      return id === undefined ? null : readRow(state.credentials.get(id)!)
    },
    async findByHostNames(accountId, names) {
      const ids = new Set<string>()
      for (const name of names)
        for (const id of state.indexes.hosts.get(key(accountId, name)) ?? []) ids.add(id)
      return [...ids].map((id) => readRow(state.credentials.get(id)!)).sort(compareIds)
    },
    async listNotUnderKey(primaryKeyId, after, limit) {
      const position = (row: CredentialRecord) => key(row.accountId, row.id)
      const start = after ? key(after.accountId, after.id) : null
      return [...state.credentials.values()]
        .filter(
          (row) => row.keyId !== primaryKeyId && (start === null || compareText(position(row), start) > 0),
        )
        .sort((a, b) => compareText(position(a), position(b)))
        .slice(0, limit)
        .map(readRow)
    },
    async replaceEnvelope(accountId, id, expected, next) {
      const current = ofAccount(accountId, id)
      if (!current || current.keyId !== expected.keyId || current.secretVersion !== expected.secretVersion)
        return false
      writeRow(state, id, freezeRow({ ...current, envelope: next.envelope, keyId: next.keyId }), undo)
      return true
    },
  }
}
