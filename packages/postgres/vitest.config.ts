import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineProject({
  ssr: { resolve: { conditions: ['@credkit/source'] } },
  resolve: {
    conditions: ['@credkit/source'],
    // The global setup (migrate) is loaded outside the test environments, where the source
    // condition does not apply: point it at core's sources directly.
    alias: [{ find: /^@credkit\/core$/, replacement: source('../core/src/index.ts') }],
  },
  test: {
    name: 'postgres',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Starts a throwaway cluster unless DATABASE_URL is set; every test gets its own database.
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
