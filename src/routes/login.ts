import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { decoyHash, verifyPassword } from '../agents/password.ts'
import { createSession, destroySession, randomToken, sessionCookie, setSessionCookie } from '../agents/sessions.ts'
import { tokensMatch } from '../agents/auth.ts'
import { demoAgents, demoPassword } from '../agents/seed.ts'
import { channels } from '../live/hub.ts'
import { clearAttempts, takeAttempt } from '../http/rate-limit.ts'
import { loginLimit } from '../http/limits.ts'
import { safeNext } from '../http/safe-next.ts'

const loginCsrfCookie = 'sb_login_csrf'

const loginForm = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email.').max(254, 'That is not an email address.'),
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
  next: z.string().optional(),
  _csrf: z.string().optional(),
})

export async function loginRoutes(app: FastifyInstance) {
  const secure = app.config.publicUrl?.startsWith('https://') ?? false

  const renderForm = (reply: FastifyReply, status: number, values: { email?: string; next?: string; error?: string }) => {
    const csrfToken = randomToken()
    reply.setCookie(loginCsrfCookie, csrfToken, { path: '/login', httpOnly: true, sameSite: 'strict', secure })
    const demo = app.demoSeeded ? { agents: demoAgents, password: demoPassword } : null
    return reply.code(status).view('login.eta', { csrfToken, demo, ...values })
  }

  app.get('/login', async (request, reply) => {
    const next = safeNext((request.query as { next?: unknown }).next)
    if (request.session) return reply.redirect(next, 303)
    return renderForm(reply, 200, { next })
  })

  app.post('/login', { config: { csrf: 'login' } }, async (request, reply) => {
    const parsed = loginForm.safeParse(request.body)
    if (!parsed.success) return renderForm(reply, 400, { error: parsed.error.issues[0]?.message })
    const { email, password, next, _csrf } = parsed.data
    if (!tokensMatch(_csrf, request.cookies[loginCsrfCookie])) {
      return renderForm(reply, 403, { email, next, error: 'Your login form expired. Please try again.' })
    }
    const key = `${request.ip}|${email}`
    const wait = await takeAttempt(app.prisma, loginLimit, key)
    if (wait > 0) {
      reply.header('retry-after', String(wait))
      return renderForm(reply, 429, { email, next, error: `Too many login attempts. Try again in ${Math.ceil(wait / 60)} minutes.` })
    }
    const agent = await app.prisma.agent.findUnique({ where: { email }, select: { id: true, passwordHash: true } })
    if (!(await verifyPassword(password, agent?.passwordHash ?? decoyHash)) || !agent) {
      return renderForm(reply, 401, { email, next, error: 'Wrong email or password.' })
    }
    await clearAttempts(app.prisma, loginLimit, key)
    setSessionCookie(reply, await createSession(app.prisma, agent.id), secure)
    reply.clearCookie(loginCsrfCookie, { path: '/login' })
    return reply.redirect(safeNext(next), 303)
  })

  app.post('/logout', async (request, reply) => {
    if (request.session) {
      await destroySession(app.prisma, request.session.id)
      app.hub.closeChannel(channels.session(request.session.id), 'Logged out')
    }
    reply.clearCookie(sessionCookie, { path: '/' })
    return reply.redirect('/login', 303)
  })
}
