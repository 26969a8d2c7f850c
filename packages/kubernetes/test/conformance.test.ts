import { describeRegionPort } from '@credkit/testing'
import { inject } from 'vitest'
import { describeKube, twoRegions } from './fixture.js'

const env = inject('kube')

describeKube(env)('kube-apiserver', () => {
  describeRegionPort({
    name: 'kubernetes',
    async setup() {
      const { regions, namespaces, reader, teardown } = await twoRegions(env)
      const nsOf = (region: string) => namespaces[region] ?? 'credkit-no-such-namespace'
      return {
        regions,
        region: 'kube-a',
        ...(namespaces['kube-b'] ? { otherRegion: 'kube-b' } : {}),
        reader: {
          stored: (region, ref) => reader.stored(nsOf(region), ref),
          // Other tests write to an external cluster's namespace at the same time: count only here.
          ...(env.mode === 'envtest' ? { writes: (region: string) => reader.latestWrite(nsOf(region)) } : {}),
        },
        teardown,
      }
    },
  })
})
