import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { mallorysCall, xssName, xssNameEscaped } from './fixtures.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
  await mallorysCall(t.prisma, t.agents)
})
afterAll(() => t.close())

const adminPages = () => ['/admin/calls', '/admin/numbers/%2B15556666', `/admin/agents/${t.agents.alice.id}`]

describe('admin pages', () => {
  it('are refused to agents with 403', async () => {
    const alice = await t.loggedIn('alice')
    for (const path of [...adminPages(), '/admin']) {
      const response = await alice.get(path)
      expect(response.status, path).toBe(403)
      expect(await response.text()).toContain('Admins only.')
    }
  })

  it('send logged-out visitors to the login page', async () => {
    for (const path of adminPages()) {
      const response = await t.client().get(path)
      expect(response.status, path).toBe(303)
      expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`)
    }
  })

  it('escape a caller name that is markup on every page', async () => {
    const admin = await t.loggedIn('admin')
    for (const path of adminPages()) {
      const html = await (await admin.get(path)).text()
      expect(html, path).toContain(xssNameEscaped)
      expect(html, path).not.toContain(xssName)
      expect(html, path).not.toContain('<script>alert')
      expect(html, path).not.toContain('<img src=x')
    }
  })

  it('show the admin who is looking in the top bar', async () => {
    const admin = await t.loggedIn('admin')
    expect(await (await admin.get('/admin/calls')).text()).toContain('Ada Admin (admin)')
    expect((await admin.get('/admin')).headers.get('location')).toBe('/admin/calls')
  })
})
