import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { HttpError, requireAgent } from '../agents/guards.ts'
import { callCardSelect } from './container.ts'
import { acceptCall, declineCall, endCall } from './transitions.ts'
import { whyNot } from './refusals.ts'
import { cancelDial } from './outbound-transitions.ts'
import { dialRoutes } from './outbound-routes.ts'

const callForm = z.object({
  action: z.enum(['accept', 'decline', 'end'], { message: 'Unknown action.' }),
  version: z.coerce.number({ message: 'Missing card version.' }).int(),
})

/** **End** hangs up a live call, or cancels an outbound one that has not been answered yet. */
const endOrCancel: typeof endCall = async (app, id, agentId, version) => (await endCall(app, id, agentId, version)) ?? cancelDial(app, id, agentId, version)

const actions = { accept: acceptCall, decline: declineCall, end: endOrCancel }

/** `POST /calls/:id`: the card's buttons. The answer is the card as it now is; 409 says why nothing changed. */
export async function callRoutes(app: FastifyInstance) {
  dialRoutes(app)
  app.post<{ Params: { id: string } }>('/calls/:id', async (request, reply) => {
    const agent = requireAgent(request)
    const id = z.coerce.number().int().parse(request.params.id)
    const { action, version } = callForm.parse(request.body)
    const change = await actions[action](app, id, agent.id, version)
    if (change) return reply.view('calls/_call.eta', { call: change.call, viewerId: agent.id })
    const call = await app.prisma.call.findUnique({ where: { id }, select: callCardSelect })
    if (!call) throw new HttpError(404, 'No such call.')
    request.log.info({ callId: id, action, version, status: call.status, current: call.version }, 'click changed nothing')
    return reply.code(409).view('calls/_call.eta', { call, viewerId: agent.id, notice: whyNot(call, agent.id, action) })
  })
}
