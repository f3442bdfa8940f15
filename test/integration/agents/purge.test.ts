import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from '../../support/app.ts'
import { freshDatabase, type TestDatabase } from '../../support/database.ts'
import { purgeExpiredSessions } from '../../../src/agents/sessions.ts'
import { purgeExpiredAttempts } from '../../../src/http/rate-limit.ts'

let database: TestDatabase
beforeAll(async () => {
  database = await freshDatabase()
})
afterAll(() => database.close())

const hourMs = 60 * 60_000

describe('expired rows', () => {
  it('are deleted when the app starts, and by the periodic purge; live ones stay and work', async () => {
    const first = await startTestApp({ database })
    const alice = await first.loggedIn('alice')
    const agentId = first.agents.bob.id
    const past = new Date(Date.now() - hourMs)
    const future = new Date(Date.now() + hourMs)
    await first.prisma.session.create({ data: { id: 'expired-at-start', csrfToken: 'x', agentId, expiresAt: past } })
    await first.prisma.rateLimit.create({ data: { key: 'login:spent-at-start', count: 9, resetAt: past } })
    await first.prisma.rateLimit.create({ data: { key: 'login:current', count: 2, resetAt: future } })
    await first.close()

    const second = await startTestApp({ database })
    try {
      expect(await second.prisma.session.count({ where: { id: 'expired-at-start' } })).toBe(0)
      expect(await second.prisma.rateLimit.findMany({ select: { key: true } })).toEqual([{ key: 'login:current' }])
      const stillLoggedIn = await fetch(`${second.url}/panel`, { headers: { cookie: alice.cookieHeader } })
      expect(stillLoggedIn.status).toBe(200)

      await second.prisma.session.create({ data: { id: 'expired-later', csrfToken: 'x', agentId, expiresAt: past } })
      await second.prisma.rateLimit.create({ data: { key: 'dial:spent-later', count: 1, resetAt: past } })
      expect(await purgeExpiredSessions(second.prisma)).toBe(1)
      expect(await purgeExpiredAttempts(second.prisma)).toBe(1)
      expect(await second.prisma.session.count({ where: { agentId: first.agents.alice.id } })).toBe(1)
    } finally {
      await second.close()
    }
  })
})
