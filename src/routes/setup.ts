import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { tokensMatch } from '../agents/auth.ts'
import { newAgentSchema, passwordMinLength } from '../agents/new-agent.ts'
import { createSession, randomToken, setSessionCookie } from '../agents/sessions.ts'
import { FirstAdminSetup } from '../agents/setup.ts'

const setupCsrfCookie = 'sb_setup_csrf'
const field = z.string().optional()
const setupQuery = z.object({ token: field })
const setupForm = z.object({ token: field, _csrf: field, name: field, email: field, password: field, passwordAgain: field })

type FormValues = { token?: string; name?: string; email?: string; error?: string }

/** What a refused form shows again: only values that could have been right. */
const echoed = (value: string | undefined) => (value && value.length <= 254 && !/[\u0000-\u001f\u007f]/.test(value) ? value : undefined)

/** `/setup?token=…`: the one-time form that creates the first admin (see FirstAdminSetup). */
export async function setupRoutes(app: FastifyInstance) {
  // The signature of a fixed text under the session secret: the same on every instance, useless elsewhere.
  const setup = new FirstAdminSetup(app.prisma, app.signCookie('switchboard first admin').split('.').pop()!.replace(/[^A-Za-z0-9]/g, ''))
  const secure = app.config.publicUrl?.startsWith('https://') ?? false

  let token: string | undefined
  app.addHook('onReady', async () => {
    token = await setup.begin()
  })
  app.addHook('onListen', (done) => {
    if (token) app.log.warn(`No admin yet. Create the first admin at ${app.publicUrl()}/setup?token=${token}`)
    done()
  })

  const renderForm = (reply: FastifyReply, status: number, values: FormValues) => {
    const csrfToken = randomToken()
    reply.setCookie(setupCsrfCookie, csrfToken, { path: '/setup', httpOnly: true, sameSite: 'strict', secure })
    return reply.code(status).header('cache-control', 'no-store').view('setup.eta', { ...values, csrfToken, passwordMinLength })
  }
  const refuseLink = (reply: FastifyReply) =>
    reply.code(403).header('cache-control', 'no-store').view('setup.eta', { error: 'This setup link is not valid. Use the link printed in the log when the app started.' })

  app.get('/setup', async (request, reply) => {
    if (!(await setup.isOpen())) return reply.callNotFound()
    const { token } = setupQuery.parse(request.query)
    return setup.accepts(token) ? renderForm(reply, 200, { token }) : refuseLink(reply)
  })

  app.post('/setup', { config: { csrf: 'login' } }, async (request, reply) => {
    if (!(await setup.isOpen())) return reply.callNotFound()
    const form = setupForm.safeParse(request.body ?? {})
    if (!form.success || !setup.accepts(form.data.token)) return refuseLink(reply)
    const { token, _csrf, name, email, password, passwordAgain } = form.data
    const again = (status: number, error: string) => renderForm(reply, status, { token, name: echoed(name), email: echoed(email), error })
    if (!tokensMatch(_csrf, request.cookies[setupCsrfCookie])) return again(403, 'Your setup form expired. Please try again.')
    const agent = newAgentSchema.safeParse({ name, email, password })
    if (!agent.success) return again(400, agent.error.issues[0]?.message ?? 'Please check the form.')
    if (password !== passwordAgain) return again(400, 'The two passwords differ.')
    const result = await setup.createAdmin(agent.data)
    if ('refused' in result && result.refused === 'closed') return reply.callNotFound()
    if ('refused' in result) return again(409, 'An agent with this email exists already. Use another email.')
    app.log.info(`First admin created: ${agent.data.email}`)
    setSessionCookie(reply, await createSession(app.prisma, result.created.id), secure)
    reply.clearCookie(setupCsrfCookie, { path: '/setup' })
    return reply.redirect('/panel', 303)
  })
}
