import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { redirectToLogin, requireAgent } from '../agents/guards.ts'
import { renderContainer } from '../calls/pushes.ts'

const presenceForm = z.object({ presence: z.enum(['online', 'offline']) })

export async function panelRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => reply.redirect(request.session ? '/panel' : '/login', 303))

  app.get('/panel', async (request, reply) => {
    if (!request.session) return redirectToLogin(request, reply)
    const { agent, csrfToken } = request.session
    const render = (template: string, data: object) => app.view(template, data)
    const [container, recent, missed] = await Promise.all([renderContainer(app.calls.cards, render, agent.id), app.calls.cards.recent(agent.id), app.calls.missed.listFor(agent)])
    return reply.view('panel.eta', { agent, csrfToken, container, recent, missed, telephony: app.telephony })
  })

  app.post('/presence', async (request, reply) => {
    const { id } = requireAgent(request)
    const { presence } = presenceForm.parse(request.body)
    return reply.view('agents/_presence.eta', { agent: await app.presence.change(id, presence) })
  })
}
