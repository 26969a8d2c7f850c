import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/** The row of a credential in the Credentials tab. */
export const rowOf = (page: Page, name: string): Locator =>
  page.locator('li.row', { has: page.locator('.row-name', { hasText: new RegExp(`^${name}$`) }) })

/** The indicator of one region on a row. */
export const indicator = (row: Locator, region: string): Locator =>
  row.locator(`.sync[data-region="${region}"]`)

/** Waits (on a condition, not a duration) until every indicator of the page shows `state`. */
export async function waitForAllStates(page: Page, state: string): Promise<void> {
  const states = async () =>
    Promise.all((await page.locator('.sync').all()).map((chip) => chip.getAttribute('data-state')))
  await expect
    .poll(
      async () => {
        const all = await states()
        return all.length > 0 && all.every((value) => value === state)
      },
      { timeout: 20_000 },
    )
    .toBe(true)
}

export async function signInAs(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/#/sign-in`)
  const switchUser = page.getByRole('button', { name: 'Switch user' })
  if (await switchUser.isVisible().catch(() => false)) await switchUser.click()
  await page.getByRole('button', { name: new RegExp(name) }).click()
  await expect.poll(() => page.locator('.whoami-name').textContent()).toContain(name)
}

/** Opens the Add credential modal and picks a type. */
export async function openAdd(page: Page, type: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add credential' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Add credential' })
  await dialog.getByLabel('Type').selectOption({ label: type })
  return dialog
}
