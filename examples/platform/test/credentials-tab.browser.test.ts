import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumMissing, launchChromium, screenshot, watchPage } from './support/browser.js'
import { makeTlsFixture, type TlsFixture } from './support/certificates.js'
import { startTestPlatform, type TestPlatform } from './support/platform.js'
import { indicator, openAdd, rowOf, signInAs, waitForAllStates } from './support/tab.js'

// One browser session walks the product page in order: each step builds on the previous one.
const SECRETS = {
  hub: 'dckr_pat_BROWSER_SECRET_1',
  ghcr: 'ghp_BROWSER_SECRET_2',
  gate: 'gate-BROWSER-SECRET-3',
  cloudflare: 'cf-token-BROWSER-SECRET-4',
}

describe.skipIf(chromiumMissing)('the Credentials tab in Chromium', () => {
  let platform: TestPlatform
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let watched: ReturnType<typeof watchPage>
  let tls: TlsFixture
  const apiBodies: string[] = []

  beforeAll(async () => {
    ;[platform, browser, tls] = await Promise.all([startTestPlatform(), launchChromium(), makeTlsFixture()])
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.setDefaultTimeout(10_000)
    watched = watchPage(page, platform.url)
    page.on('response', async (response) => {
      const url = response.url()
      if (url.includes('/api/') && !url.endsWith('/reveal'))
        apiBodies.push(await response.text().catch(() => ''))
    })
  })

  afterAll(async () => {
    await browser?.close()
    await platform?.close()
  })

  it('shows the empty state that explains the area', async () => {
    await signInAs(page, platform.url, 'Alice Admin')
    await expect.poll(() => page.locator('.empty').isVisible()).toBe(true)
    expect(await page.locator('.empty').textContent()).toContain('encrypted at rest')
    expect(await page.getByRole('link', { name: 'Credentials' }).getAttribute('aria-current')).toBe('page')
    await screenshot(page, '01-empty-state')
  })

  it('shows a validation error at its field and stores nothing', async () => {
    const dialog = await openAdd(page, 'Container Registry')
    expect(await dialog.getByLabel('Type', { exact: true }).inputValue()).toBe('container-registry')
    await dialog.getByLabel('Name', { exact: true }).fill('Docker Hub')
    await dialog.getByLabel('Server', { exact: true }).fill('docker.io')
    await dialog.getByLabel('Username', { exact: true }).fill('acme')
    await dialog.getByLabel('Password', { exact: true }).fill(SECRETS.hub)
    await dialog.getByRole('button', { name: 'Save credential' }).click()
    const email = dialog.getByLabel('Email', { exact: true })
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true')
    expect(await dialog.locator('[data-error-for="data.email"]').textContent()).toBe(
      'is required for Docker Hub',
    )
    // The error is announced with the field: it is part of the field's description.
    const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ')
    expect(describedBy).toContain(await dialog.locator('[data-error-for="data.email"]').getAttribute('id'))
    await screenshot(page, '02-validation-error-at-field')
    const stored = (await page.evaluate(() => fetch('/api/credentials').then((r) => r.json()))) as {
      items: unknown[]
    }
    expect(stored.items).toEqual([])

    await email.fill('ops@acme.example')
    await dialog.getByRole('button', { name: 'Save credential' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    await expect.poll(() => rowOf(page, 'Docker Hub').locator('.badge').textContent()).toBe('Default')
  })

  it('creates a second registry, a basic-auth user, a TLS certificate and an ACME wildcard', async () => {
    let dialog = await openAdd(page, 'Container Registry')
    await dialog.getByLabel('Name', { exact: true }).fill('GitHub packages')
    await dialog.getByLabel('Description (optional)', { exact: true }).fill('CI pushes here')
    await dialog.getByLabel('Server', { exact: true }).fill('https://ghcr.io/')
    await dialog.getByLabel('Username', { exact: true }).fill('deploy-bot')
    await dialog.getByLabel('Password', { exact: true }).fill(SECRETS.ghcr)
    await dialog.getByRole('button', { name: 'Save credential' }).click()
    await expect.poll(() => rowOf(page, 'GitHub packages').count()).toBe(1)

    dialog = await openAdd(page, 'Basic Auth')
    await dialog.getByLabel('Name', { exact: true }).fill('Staging gate')
    await dialog.getByLabel('Username', { exact: true }).fill('staging')
    await dialog.getByLabel('Password', { exact: true }).fill(SECRETS.gate)
    await dialog.getByRole('button', { name: 'Save credential' }).click()
    await expect.poll(() => rowOf(page, 'Staging gate').count()).toBe(1)

    dialog = await openAdd(page, 'TLS Certificate')
    await dialog.getByLabel('Name', { exact: true }).fill('Wildcard example.com')
    await dialog.getByLabel('Certificate', { exact: true }).fill(tls.certificatePem)
    // The key comes in as an uploaded file, the chain as a paste.
    await dialog
      .getByLabel('Upload private key file', { exact: true })
      .setInputFiles({ name: 'tls.key', mimeType: 'text/plain', buffer: Buffer.from(tls.privateKeyPem) })
    await expect
      .poll(() => dialog.getByLabel('Private key', { exact: true }).inputValue())
      .toBe(tls.privateKeyPem)
    await dialog.getByLabel('CA chain (optional)', { exact: true }).fill(tls.chainPem)
    await expect.poll(() => dialog.locator('[data-cert="commonName"]').textContent()).toBe('*.example.com')
    expect(await dialog.locator('[data-cert="altNames"]').textContent()).toBe('*.example.com, example.com')
    expect(await dialog.locator('[data-cert="notAfter"]').textContent()).toMatch(/\d{4}/)
    await screenshot(page, '03-tls-form-parsed')
    await dialog.getByRole('button', { name: 'Save credential' }).click()
    await expect.poll(() => rowOf(page, 'Wildcard example.com').count()).toBe(1)
    expect(await rowOf(page, 'Wildcard example.com').locator('.row-details').textContent()).toMatch(
      /CN \*\.example\.com · alt names \*\.example\.com, example\.com · expires/,
    )

    dialog = await openAdd(page, 'ACME Wildcard')
    await dialog.getByLabel('Name', { exact: true }).fill('Cloudflare wildcard')
    await dialog.getByLabel('DNS provider', { exact: true }).selectOption('cloudflare')
    await dialog.getByLabel('Common name', { exact: true }).fill('*.shop.example.com')
    await dialog.getByLabel('Alternative names', { exact: true }).fill('shop.example.com')
    await dialog.getByRole('button', { name: 'Use template' }).click()
    const config = dialog.getByLabel('Provider configuration (JSON)', { exact: true })
    await expect.poll(() => config.inputValue()).toContain('"apiToken": "<')
    await screenshot(page, '04-acme-template')
    // The template as-is is refused: its placeholder is named at the config field.
    await dialog.getByRole('button', { name: 'Save credential' }).click()
    await expect.poll(() => config.getAttribute('aria-invalid')).toBe('true')
    expect(await dialog.locator('[data-error-for="data.providerConfig"]').textContent()).toContain('apiToken')
    await config.fill(JSON.stringify({ apiToken: SECRETS.cloudflare }))
    await dialog.getByRole('button', { name: 'Save credential' }).click()
    await expect.poll(() => rowOf(page, 'Cloudflare wildcard').count()).toBe(1)
  })

  it('groups the list by type with one indicator per region, reaching Synced', async () => {
    await waitForAllStates(page, 'synced')
    const groups = await page.locator('section.group h3').allTextContents()
    expect(groups.map((g) => g.replace(/\d+$/, ''))).toEqual([
      'Container Registry',
      'Basic Auth',
      'TLS Certificate',
      'ACME Wildcard',
    ])
    for (const name of [
      'Docker Hub',
      'GitHub packages',
      'Staging gate',
      'Wildcard example.com',
      'Cloudflare wildcard',
    ]) {
      const row = rowOf(page, name)
      expect(await row.locator('.sync').count()).toBe(2)
      expect(await indicator(row, 'eu-west').locator('.sync-label').textContent()).toBe('Synced')
    }
    const synced = indicator(rowOf(page, 'Docker Hub'), 'us-east')
    await synced.focus()
    expect(await synced.locator('[role="tooltip"]').isVisible()).toBe(true)
    expect(await synced.locator('[role="tooltip"]').textContent()).toMatch(/^Last synced .*\d/)
    await screenshot(page, '05-all-types-synced')
  })

  it('shows an Error with its message in a tooltip, and Sync now pushes again', async () => {
    const gate = rowOf(page, 'Staging gate')
    const id = (await gate.getAttribute('data-id'))!
    platform.regions!.faults.failFor('us-east', id, 'registry quota exceeded in us-east')
    await gate.getByRole('button', { name: 'Sync now: Staging gate' }).click()
    const failing = indicator(gate, 'us-east')
    await expect.poll(() => failing.getAttribute('data-state'), { timeout: 10_000 }).toBe('error')
    expect(await indicator(gate, 'eu-west').getAttribute('data-state')).toBe('synced')
    await failing.hover()
    const tooltip = failing.locator('[role="tooltip"]')
    expect(await tooltip.isVisible()).toBe(true)
    expect(await tooltip.textContent()).toContain('registry quota exceeded in us-east')
    await screenshot(page, '06-error-tooltip')

    platform.regions!.faults.clear()
    await gate.getByRole('button', { name: 'Sync now: Staging gate' }).click()
    await expect.poll(() => failing.getAttribute('data-state'), { timeout: 10_000 }).toBe('synced')
  })

  it('reveals a secret only behind an explicit action, and audits it', async () => {
    await rowOf(page, 'GitHub packages').getByRole('button', { name: 'Reveal' }).click()
    const dialog = page.getByRole('dialog', { name: 'Reveal the password of GitHub packages' })
    expect(await dialog.locator('textarea').count()).toBe(0)
    await dialog.getByRole('button', { name: 'Reveal password' }).click()
    await expect.poll(() => dialog.getByLabel('Password', { exact: true }).inputValue()).toBe(SECRETS.ghcr)
    await screenshot(page, '07-revealed')
    await dialog.getByRole('button', { name: 'Hide and close' }).click()

    await page.getByRole('link', { name: 'Audit log' }).click()
    const revealed = page.locator('tr[data-action="credential.revealed"]')
    await expect.poll(() => revealed.count()).toBe(1)
    expect(await revealed.textContent()).toContain('alice')
    expect(await revealed.textContent()).toContain('GitHub packages')
    expect(await page.locator('table.audit').textContent()).not.toContain(SECRETS.ghcr)
    await screenshot(page, '08-audit-log')
    await page.getByRole('link', { name: 'Credentials' }).click()
  })

  it('sets another registry as the default', async () => {
    await rowOf(page, 'GitHub packages').getByRole('button', { name: 'Set as default' }).click()
    await expect.poll(() => rowOf(page, 'GitHub packages').locator('.badge').count()).toBe(1)
    expect(await rowOf(page, 'Docker Hub').locator('.badge').count()).toBe(0)
    expect(await rowOf(page, 'Docker Hub').getByRole('button', { name: 'Set as default' }).count()).toBe(1)
    await screenshot(page, '09-default-set')
  })

  it('gives a member no Credentials tab but working selects on the App and Hosts pages', async () => {
    await signInAs(page, platform.url, 'Bob Member')
    await page.getByRole('link', { name: 'My Account' }).click()
    await expect.poll(() => page.locator('.tabs .tab').allTextContents()).toEqual(['Profile'])
    await screenshot(page, '10-member-account-no-tab')

    await page.getByRole('link', { name: 'Apps' }).click()
    const runtime = page.getByLabel('Runtime image pull credential', { exact: true })
    await expect
      .poll(() => runtime.locator('option').allTextContents())
      .toEqual(['Use account default (GitHub packages)', 'GitHub packages', 'Docker Hub'])
    const build = page.getByLabel('Build pull credential', { exact: true })
    expect(await build.locator('option').first().textContent()).toBe('None: pull base images anonymously')
    await runtime.selectOption({ label: 'Docker Hub' })
    await page.getByLabel('Require HTTP Basic Auth', { exact: true }).selectOption({ label: 'Staging gate' })
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect
      .poll(() => page.locator('.resolved').textContent())
      .toContain('Runtime image pulls use: Docker Hub (selected)')
    expect(await page.locator('.resolved').textContent()).toContain(
      'Docker builds use: no credential (builds do not fall back',
    )
    await screenshot(page, '11-member-app-settings')

    await page.getByRole('link', { name: 'Hosts' }).click()
    await page.getByLabel('Host name', { exact: true }).fill('api.example.com')
    const certificate = page.getByLabel('Use account certificate', { exact: true })
    await expect
      .poll(() => certificate.locator('option').allTextContents())
      .toEqual([
        'Platform-managed certificate',
        expect.stringMatching(/^Wildcard example\.com · \*\.example\.com \(ready, expires/),
      ])
    await certificate.selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Save host' }).click()
    await expect.poll(() => page.locator('table.hosts tbody').textContent()).toContain('api.example.com')
    await screenshot(page, '12-member-host-editor')
  })

  it('refuses to delete a credential in use and says where it is used', async () => {
    await signInAs(page, platform.url, 'Alice Admin')
    await page.goto(`${platform.url}/#/account/credentials`)
    await rowOf(page, 'Docker Hub').getByRole('button', { name: 'Delete' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete Docker Hub?' })
    await dialog.getByRole('button', { name: 'Delete credential' }).click()
    const alert = dialog.getByRole('alert')
    await expect.poll(() => alert.textContent()).toContain('is in use, so it was not deleted')
    expect(await alert.textContent()).toContain('App storefront (runtime-pull)')
    await screenshot(page, '13-delete-refused-in-use')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await rowOf(page, 'Docker Hub').count()).toBe(1)
  })

  it('says so when someone else changed a credential being edited', async () => {
    const row = rowOf(page, 'GitHub packages')
    const id = (await row.getAttribute('data-id'))!
    await row.getByRole('button', { name: 'Edit' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit GitHub packages' })
    // Another manager saves first.
    await page.evaluate(
      (credentialId) =>
        fetch(`/api/credentials/${credentialId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ description: 'changed elsewhere' }),
        }),
      id,
    )
    await dialog.getByLabel('Description (optional)', { exact: true }).fill('my change')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('Someone else changed this credential')
    await screenshot(page, '14-edit-conflict')
    await dialog.getByRole('button', { name: 'Load their changes' }).click()
    await expect
      .poll(() => dialog.getByLabel('Description (optional)', { exact: true }).inputValue())
      .toBe('changed elsewhere')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  it('works with the keyboard: the modal opens, traps focus and closes with Escape', async () => {
    await page.getByRole('button', { name: 'Add credential' }).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Add credential' })
    // Focus moves into the dialog, on its first field.
    await expect.poll(() => dialog.locator('select:focus').count()).toBe(1)
    // Tabbing through the whole form never leaves the dialog.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab')
    expect(await dialog.locator(':focus').count()).toBe(1)
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    // Focus comes back in the dialog's `close` event, which fires after the dialog is hidden.
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Add credential')
  })

  it('rolls a credential back from its history, and restores it after a delete', async () => {
    const row = rowOf(page, 'GitHub packages').and(page.locator('section.group:not(.deleted) li'))
    await row.getByRole('button', { name: 'History' }).click()
    const dialog = page.getByRole('dialog', { name: 'History of GitHub packages' })
    await expect.poll(() => dialog.locator('tbody tr').count()).toBe(3)
    const newest = dialog.locator('tbody tr').first()
    expect(await newest.getAttribute('data-version')).toBe('3')
    expect(await newest.textContent()).toContain('description')
    await screenshot(page, '15-history')
    await dialog.getByRole('button', { name: 'Roll back to version 2' }).click()
    // Decrypting the old version and pushing it take a moment on PGlite with the worker running.
    const slow = { timeout: 10_000 }
    await expect.poll(() => dialog.count(), slow).toBe(0)
    expect(await page.locator('#toast').textContent()).toContain('as version 4')
    await expect.poll(() => row.locator('.row-description').textContent(), slow).toBe('CI pushes here')

    await row.getByRole('button', { name: 'Delete' }).click()
    await page
      .getByRole('dialog', { name: 'Delete GitHub packages?' })
      .getByRole('button', { name: 'Delete credential' })
      .click()
    const deleted = page.locator('section.deleted')
    await expect.poll(() => deleted.locator('.row-name').allTextContents(), slow).toEqual(['GitHub packages'])
    expect(await row.count()).toBe(0)
    await screenshot(page, '16-recently-deleted')
    await deleted.getByRole('button', { name: 'Restore' }).click()
    await expect.poll(() => deleted.count(), slow).toBe(0)
    await expect.poll(() => row.count(), slow).toBe(1)
    // A restored registry is never the default again on its own.
    expect(await row.locator('.badge').count()).toBe(0)
    await page.getByRole('link', { name: 'Audit log' }).click()
    await expect.poll(() => page.locator('table.audit tbody').textContent(), slow).toContain('Restored')
    expect(await page.locator('table.audit tbody').textContent()).toContain('Rolled back')
  })

  it('sent no secret value to the browser except by reveal, and loaded nothing from elsewhere', () => {
    const everything = apiBodies.join('\n')
    for (const value of [...Object.values(SECRETS), tls.privateKeyPem.split('\n')[1]!]) {
      expect(everything).not.toContain(value)
    }
    expect(watched.foreign).toEqual([])
    expect(watched.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([])
  })
})
