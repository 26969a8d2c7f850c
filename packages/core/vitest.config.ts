import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@credkit/source'] } },
  resolve: { conditions: ['@credkit/source'] },
  test: { name: 'core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
})
