import { describeStoragePort } from '@credkit/testing'
import { createMemoryStorage } from '../src/index.js'
import { createMemoryReader } from '../src/testing.js'

describeStoragePort({
  name: 'memory',
  setup: () => {
    const storage = createMemoryStorage()
    return { storage, reader: createMemoryReader(storage) }
  },
})

// The suite needs no direct reader: every case runs through the public port alone.
describeStoragePort({ name: 'memory, public port only', setup: () => ({ storage: createMemoryStorage() }) })
