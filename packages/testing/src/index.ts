// @credkit/testing: conformance suites and fixtures for adapter authors. Needs vitest and fast-check.

export { fillTemplate, SERVICE_ACCOUNT, VALID_CONFIGS } from './acme-values.js'
export {
  convertKey,
  encryptKey,
  generateKeys,
  type MakeCertificateOptions,
  makeCertificate,
  makeChain,
  makeCsr,
  makeSelfSigned,
  type TestCertificate,
  type TestKeyType,
} from './certificates.js'
export { createManualClock, type ManualClock } from './manual-clock.js'
export { makeMaterialized, makeMaterializedAcme } from './materialized.js'
export {
  deletedRecord,
  makeEvent,
  makeJob,
  makeRecord,
  makeStatus,
  makeVersion,
  testId,
} from './records.js'
export { type DescribeRegionPortOptions, describeRegionPort } from './region-port.js'
export type { RegionFixture, RegionReader } from './region-reader.js'
export { type DescribeStoragePortOptions, describeStoragePort } from './storage-port.js'
export type { StorageFixture, StorageReader } from './storage-reader.js'
export { storesOf, wrapStorage } from './stores.js'
