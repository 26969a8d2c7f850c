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
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The Postgres package's setup: a throwaway cluster (unless DATABASE_URL is set) and a migrated
    // template database; the tests run `credkit` as child processes against copies of it. Then the
    // CLI bundled once from its sources, so each child starts fast.
    globalSetup: ['../postgres/test/global-setup.ts', './test/build-cli.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
