import { describeStoragePort } from '@credkit/core/testing'
import { createMemoryReader, createMemoryState, createMemoryStorage } from '../src/index.js'

describeStoragePort({
  name: 'memory',
  setup: () => {
    const state = createMemoryState()
    return { storage: createMemoryStorage({ state }), reader: createMemoryReader(state) }
  },
})
