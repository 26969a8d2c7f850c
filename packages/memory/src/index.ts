export { createMemoryReader } from './memory-reader.js'
export {
  createMemoryRegions,
  type MemoryRegionObject,
  type MemoryRegions,
  type MemoryRegionsOptions,
} from './memory-regions.js'
export { createMemoryStorage, type MemoryStorageOptions } from './memory-storage.js'
export { createMemoryState, type MemoryState } from './state.js'
