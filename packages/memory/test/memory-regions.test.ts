import { describeRegionPort } from '@credkit/testing'
import { createMemoryRegionReader, createMemoryRegions } from '../src/index.js'

describeRegionPort({
  name: 'memory',
  setup: () => {
    const regions = createMemoryRegions({ regions: ['eu-1', 'us-1'] })
    return { regions, region: 'eu-1', otherRegion: 'us-1', reader: createMemoryRegionReader(regions) }
  },
})
