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
