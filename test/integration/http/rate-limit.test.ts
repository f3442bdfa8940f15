import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { freshDatabase, type TestDatabase } from '../../support/database.ts'
import { hiddenField, type TestClient } from '../../support/http.ts'
import { agentOnline } from '../../support/agents.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

/** A login form as a script posts it: the token of the last form seen, the same cookie jar. */
async function loginForm(app: TestApp) {
  const browser = app.client()
  let _csrf = hiddenField(await (await browser.get('/login')).text(), '_csrf')
  return async (email: string, password: string) => {
    const answer = await browser.post('/login', { email, password, _csrf })
    _csrf = (await answer.clone().text()).match(/name="_csrf" value="([^"]*)"/)?.[1] ?? _csrf
    return answer
  }
}

const count = (statuses: number[], status: number) => statuses.filter((one) => one === status).length

describe('the login limit', () => {
  it('checks at most 5 of 40 wrong passwords sent at once; the rest are 429 with Retry-After', async () => {
    const post = await loginForm(t)
    const answers = await Promise.all(Array.from({ length: 40 }, () => post('admin@example.com', 'guess')))
    const statuses = answers.map((answer) => answer.status)
    expect(count(statuses, 401)).toBe(5)
    expect(count(statuses, 429)).toBe(35)
    const refused = answers.find((answer) => answer.status === 429)
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(800)
    expect((await (await loginForm(t))('admin@example.com', 'switchboard')).status).toBe(429)
    expect((await t.client().login('alice@example.com')).status).toBe(303)
  })

  it('gives the budget back after a successful login', async () => {
    for (let round = 0; round < 2; round++) {
      const post = await loginForm(t)
      for (let attempt = 0; attempt < 4; attempt++) expect((await post('alice@example.com', 'guess')).status).toBe(401)
      expect((await post('alice@example.com', 'switchboard')).status).toBe(303)
    }
  })
})

describe('the login limit across app instances', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await freshDatabase()
  })
  afterAll(() => database.close())

  it('still holds after a restart on the same database', async () => {
    const first = await startTestApp({ database })
    try {
      const post = await loginForm(first)
      for (let attempt = 0; attempt < 5; attempt++) expect((await post('admin@example.com', 'guess')).status).toBe(401)
    } finally {
      await first.close()
    }
    const second = await startTestApp({ database })
    try {
      const post = await loginForm(second)
      expect((await post('admin@example.com', 'switchboard')).status).toBe(429)
    } finally {
      await second.close()
    }
  })
})

describe('the dial limit', () => {
  it('refuses an agent the 21st call in a minute with 429 and Retry-After; another agent dials on', async () => {
    const alice: TestClient = await t.loggedIn('alice')
    const callsBefore = await t.prisma.call.count()
    const answers = await Promise.all(Array.from({ length: 25 }, () => alice.htmxPost('/calls', { number: '+15551230099' })))
    const statuses = answers.map((answer) => answer.status)
    expect(count(statuses, 429)).toBe(5)
    expect(statuses.filter((status) => status !== 429)).toHaveLength(20)
    const refused = answers.find((answer) => answer.status === 429)
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused?.text()).toContain('Too many calls in a short time.')
    expect(await t.prisma.call.count()).toBe(callsBefore)

    const bob = await agentOnline(t, 'bob')
    try {
      const dialed = await bob.browser.htmxPost('/calls', { number: '+15551230099' })
      expect(dialed.status).toBe(200)
      expect(await t.prisma.call.count({ where: { agentId: t.agents.bob.id, direction: 'outbound' } })).toBe(1)
    } finally {
      await bob.close()
    }
  })
})
