// @credkit/core/testing: conformance suites and fixtures for adapter authors. Needs vitest and fast-check.

export { createManualClock, type ManualClock } from './manual-clock.js'
export { makeMaterialized, makeMaterializedAcme } from './materialized.js'
export { makeEvent, makeJob, makeRecord, makeStatus, testId } from './records.js'
export { type DescribeRegionPortOptions, describeRegionPort } from './region-port.js'
export type { RegionFixture, RegionReader } from './region-reader.js'
export { type DescribeStoragePortOptions, describeStoragePort } from './storage-port.js'
export type { StorageFixture, StorageReader } from './storage-reader.js'
export { storesOf, wrapStorage } from './stores.js'
