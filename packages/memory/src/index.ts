export type {
  FailureSpec,
  FaultOptions,
  RegionCall,
  RegionFaults,
  RegionGate,
  RegionOperation,
} from './faults.js'
export { createMemoryReader } from './memory-reader.js'
export { createMemoryRegionReader } from './memory-region-reader.js'
export {
  createMemoryRegions,
  type MemoryRegionObject,
  type MemoryRegions,
  type MemoryRegionsOptions,
} from './memory-regions.js'
export { createMemoryStorage, type MemoryStorageOptions } from './memory-storage.js'
export { createMemoryState, type MemoryState } from './state.js'
