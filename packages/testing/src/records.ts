import type {
  AuditEvent,
  CredentialRecord,
  CredentialType,
  CredentialVersionRecord,
  RegionStatusRecord,
  SyncJobInput,
} from '@credkit/core'
import { computeEventHash, computeEventMac, GENESIS_HASH } from '@credkit/core'

let counter = 0

/** A unique id for test rows (sortable within one run). */
export function testId(prefix = 'id'): string {
  counter++
  return `${prefix}-${String(counter).padStart(6, '0')}-${Math.random().toString(36).slice(2, 8)}`
}

/** A storable credential row with sensible defaults; the envelope is opaque bytes here. */
export function makeRecord(overrides: Partial<CredentialRecord> & { accountId: string }): CredentialRecord {
  const type: CredentialType = overrides.type ?? 'basic-auth'
  const at = new Date('2026-01-02T03:04:05.678Z')
  return {
    id: testId('cred'),
    type,
    name: testId('name'),
    description: null,
    version: 1,
    isDefault: false,
    publicData: { username: 'user' },
    hostNames: [],
    envelope: new Uint8Array([1, 2, 3, 4, 5, 250, 0, 7]),
    keyId: 'k1',
    secretVersion: 1,
    createdAt: at,
    createdBy: 'u1',
    updatedAt: at,
    updatedBy: 'u1',
    updatedFields: [],
    deletedAt: null,
    deletedBy: null,
    purgeAfter: null,
    ...overrides,
  } as CredentialRecord
}

/** `record` soft-deleted at `at`, due for purge `days` later. */
export function deletedRecord(record: CredentialRecord, at: Date, days = 7): CredentialRecord {
  return {
    ...record,
    isDefault: false,
    deletedAt: at,
    deletedBy: 'u1',
    purgeAfter: new Date(at.getTime() + days * 86_400_000),
  }
}

/** A history row of `record` at `version` (its content, another envelope). */
export function makeVersion(
  record: CredentialRecord,
  version: number,
  overrides: Partial<CredentialVersionRecord> = {},
): CredentialVersionRecord {
  return {
    accountId: record.accountId,
    credentialId: record.id,
    version,
    type: record.type,
    name: record.name,
    description: record.description,
    isDefault: record.isDefault,
    publicData: record.publicData,
    hostNames: [...record.hostNames],
    envelope: new Uint8Array([version, 1, 2, 250, 0]),
    keyId: record.keyId,
    secretVersion: version,
    fields: ['data.password'],
    at: new Date(record.updatedAt.getTime() + version * 1000),
    by: 'u1',
    ...overrides,
  } as CredentialVersionRecord
}

/** A status row with defaults. */
export function makeStatus(
  overrides: Partial<RegionStatusRecord> & { accountId: string; credentialId: string; region: string },
): RegionStatusRecord {
  return {
    state: 'synced',
    version: 1,
    targetVersion: 1,
    contentHash: 'abc123',
    lastSyncedAt: new Date('2026-01-02T03:04:05.000Z'),
    error: null,
    attempts: 0,
    nextAttemptAt: null,
    issuance: null,
    ...overrides,
  }
}

/** A job with defaults, due at `runAt`. */
export function makeJob(
  overrides: Partial<SyncJobInput> & { accountId: string; credentialId: string; region: string },
): SyncJobInput {
  return {
    credentialType: 'basic-auth',
    credentialName: 'test',
    action: 'apply',
    version: 1,
    attempts: 0,
    runAt: new Date('2026-01-01T00:00:00.000Z'),
    reason: 'test',
    ...overrides,
  }
}

/** The chain key `makeEvent` MACs with (a fixed test value, never a real key). */
export const TEST_CHAIN_KEY = new Uint8Array(32).fill(7)

/**
 * The next event of a chain whose head is `head`: keyed (`keyId` 'ck-test', MAC under
 * `TEST_CHAIN_KEY`), or a legacy event without `keyId` and `mac` when `legacy` is set.
 */
export function makeEvent(
  accountId: string,
  head: { seq: number; hash: string } | null,
  message = 'test',
  options: { legacy?: boolean } = {},
): AuditEvent {
  const unsigned: Omit<AuditEvent, 'hash'> = {
    id: testId('evt'),
    accountId,
    seq: (head?.seq ?? 0) + 1,
    at: new Date('2026-01-02T03:04:05.678Z'),
    actor: { type: 'user', userId: 'u1' },
    action: 'credential.updated',
    credential: { id: 'c1', type: 'basic-auth', name: 'n' },
    region: null,
    fields: ['name'],
    outcome: 'success',
    message,
    references: null,
    prevHash: head?.hash ?? GENESIS_HASH,
    keyId: options.legacy ? null : 'ck-test',
  }
  const hash = computeEventHash(unsigned)
  return { ...unsigned, hash, mac: options.legacy ? null : computeEventMac(TEST_CHAIN_KEY, hash) }
}
