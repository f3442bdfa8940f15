import fp from 'fastify-plugin'
import { purgeExpiredSessions } from './sessions.ts'
import { purgeExpiredAttempts } from '../http/rate-limit.ts'

const purgeEveryMs = 15 * 60_000

/** Deletes expired sessions and spent rate-limit windows when the app starts and every quarter hour after. */
export const expiredRowsPurge = fp(
  async (app) => {
    let timer: NodeJS.Timeout | undefined
    const purge = async () => {
      try {
        const sessions = await purgeExpiredSessions(app.prisma)
        const attempts = await purgeExpiredAttempts(app.prisma)
        if (sessions + attempts > 0) app.log.info({ sessions, attempts }, 'purged expired rows')
      } catch (error) {
        app.log.warn({ err: error }, 'purging expired rows failed')
      }
    }
    app.addHook('onReady', async () => {
      await purge()
      timer = setInterval(() => void purge(), purgeEveryMs).unref()
    })
    app.addHook('preClose', async () => clearInterval(timer))
  },
  { name: 'expired-rows-purge', dependencies: ['database'] },
)
