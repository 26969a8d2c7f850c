import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@credkit/source'] } },
  resolve: { conditions: ['@credkit/source'] },
  test: {
    name: 'postgres',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Starts a throwaway cluster unless DATABASE_URL is set; every test gets its own database.
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
