import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { redirectToLogin, requireAgent } from './guards.ts'
import { recentCalls, renderContainer } from '../calls/container.ts'
import { changePresence } from './presence.ts'

const presenceForm = z.object({ presence: z.enum(['online', 'offline']) })

export async function panelRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => reply.redirect(request.session ? '/panel' : '/login', 303))

  app.get('/panel', async (request, reply) => {
    if (!request.session) return redirectToLogin(request, reply)
    const { agent, csrfToken } = request.session
    const [container, recent] = await Promise.all([renderContainer(app, agent.id), recentCalls(app, agent.id)])
    return reply.view('panel.eta', { agent, csrfToken, container, recent, telephony: app.telephony })
  })

  app.post('/presence', async (request, reply) => {
    const { id } = requireAgent(request)
    const { presence } = presenceForm.parse(request.body)
    return reply.view('agents/_presence.eta', { agent: await changePresence(app, id, presence) })
  })
}
