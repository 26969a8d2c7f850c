export type {
  FailureSpec,
  FaultOptions,
  RegionCall,
  RegionFaults,
  RegionGate,
  RegionOperation,
} from './faults.js'
export { createMemoryRegionReader } from './memory-region-reader.js'
export {
  createMemoryRegions,
  type MemoryRegionObject,
  type MemoryRegions,
  type MemoryRegionsOptions,
} from './memory-regions.js'
export { createMemoryStorage } from './memory-storage.js'
