import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/**
 * Browser tests need Debian's Chromium (`scripts/ci/chromium.sh` installs it in CI, where
 * `CREDKIT_REQUIRE_CHROMIUM=1` makes its absence a failure instead of a skip).
 */
export const chromiumMissing = !existsSync(CHROMIUM) && process.env['CREDKIT_REQUIRE_CHROMIUM'] !== '1'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url))

/** Saves a screenshot of the current state under examples/platform/test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true })
}

/**
 * Records every request the page makes that does not go to the platform itself, and every
 * console error: a page that reaches for a CDN or a remote font fails the test.
 */
export function watchPage(page: Page, baseUrl: string) {
  const foreign: string[] = []
  const errors: string[] = []
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(baseUrl) && !url.startsWith('data:')) foreign.push(url)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(String(error)))
  return { foreign, errors }
}
