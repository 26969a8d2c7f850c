import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@credkit/source'] } },
  resolve: { conditions: ['@credkit/source'] },
  test: { name: 'docs', include: ['*.test.ts'], testTimeout: 30_000 },
})
