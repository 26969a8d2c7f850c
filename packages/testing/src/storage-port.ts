import { afterEach, beforeEach, describe } from 'vitest'
import { auditCases } from './storage-audit.cases.js'
import { credentialCases } from './storage-credentials.cases.js'
import { deletedCases } from './storage-deleted.cases.js'
import { modelCases } from './storage-model.cases.js'
import type { FixtureRef, StorageFixture } from './storage-reader.js'
import { referenceCases } from './storage-references.cases.js'
import { syncCases } from './storage-sync.cases.js'
import { transactionCases } from './storage-transactions.cases.js'
import { versionCases } from './storage-versions.cases.js'

export interface DescribeStoragePortOptions {
  /** Shown in the test names. */
  readonly name: string
  /** Builds a fresh, empty adapter and a direct reader of its store; runs before every test. */
  readonly setup: () => Promise<StorageFixture> | StorageFixture
}

/**
 * The `StoragePort` conformance suite. Every adapter's test file calls it unchanged; it checks
 * each method's contract, where writes land (through the reader), rollback, the unique rules
 * under concurrency, job leases, and a model-based run against a plain Map.
 */
export function describeStoragePort(options: DescribeStoragePortOptions): void {
  describe(`StoragePort conformance: ${options.name}`, () => {
    let fixture: StorageFixture | undefined
    beforeEach(async () => {
      fixture = await options.setup()
    })
    afterEach(async () => {
      await fixture?.teardown?.()
      fixture = undefined
    })
    const current: FixtureRef = () => {
      if (!fixture) throw new Error('storage fixture not set up')
      return fixture
    }
    describe('credentials', () => credentialCases(current))
    describe('deleted credentials', () => deletedCases(current))
    describe('versions', () => versionCases(current))
    describe('transactions', () => transactionCases(current))
    describe('audit', () => auditCases(current))
    describe('references', () => referenceCases(current))
    describe('sync', () => syncCases(current))
    describe('model', () => modelCases(current))
  })
}
