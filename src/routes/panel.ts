import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { redirectToLogin, requireAgent } from '../agents/guards.ts'
import { renderContainer } from '../calls/pushes.ts'
import { teamSettings } from '../admin/team-settings.ts'
import { HttpError } from '../errors.ts'

const presenceForm = z.object({ presence: z.enum(['online', 'away', 'offline']), reason: z.string().trim().max(60).optional() })

export async function panelRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => reply.redirect(request.session ? '/panel' : '/login', 303))

  app.get('/panel', async (request, reply) => {
    if (!request.session) return redirectToLogin(request, reply)
    const { agent, csrfToken } = request.session
    const render = (template: string, data: object) => app.view(template, data)
    const [container, recent, missed, settings, state] = await Promise.all([
      renderContainer(app.calls.cards, render, agent.id),
      app.calls.cards.recent(agent.id),
      app.calls.missed.listFor(agent),
      teamSettings(app.prisma),
      app.presence.find(agent.id),
    ])
    return reply.view('panel.eta', { agent: { ...agent, awayReason: state?.awayReason ?? null }, csrfToken, container, recent, missed, awayReasons: settings.awayReasons, telephony: app.telephony })
  })

  app.post('/presence', async (request, reply) => {
    const { id } = requireAgent(request)
    const { presence, reason } = presenceForm.parse(request.body)
    if (presence === 'away') {
      const { awayReasons } = await teamSettings(app.prisma)
      if (!reason || !awayReasons.includes(reason)) throw new HttpError(422, 'Pick a reason for being away from the list.')
    }
    return reply.view('agents/_presence.eta', { agent: await app.presence.change(id, presence, reason ?? null) })
  })
}
