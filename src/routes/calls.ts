import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireAgent } from '../agents/guards.ts'
import { HttpError } from '../errors.ts'
import { idFromPath } from '../http/ids.ts'
import { dialRoutes } from './dial.ts'
import { recordingMedia } from '../twilio/media.ts'

const int4 = 2_147_483_647
const callForm = z.object({
  action: z.enum(['accept', 'decline', 'end', 'hold', 'resume', 'transfer', 'warm_transfer', 'complete_transfer', 'cancel_transfer', 'accept_transfer', 'decline_transfer', 'pause_recording', 'resume_recording'], { message: 'Unknown action.' }),
  version: z.coerce.number({ message: 'Missing card version.' }).int('Missing card version.').min(0).max(int4),
  to: z.coerce.number({ message: 'Pick an agent to transfer to.' }).int('Pick an agent to transfer to.').positive('Pick an agent to transfer to.').max(int4).optional(),
})

/**
 * `POST /calls/:id`: the card's buttons. The answer is the card as it now is; 409 says why nothing changed,
 * and shows the card only when the call is the agent's own (never another agent's caller).
 */
export async function callRoutes(app: FastifyInstance) {
  dialRoutes(app)
  /** The Transfer list of a card: who can take the call now (loaded when the card shows, so it is never stale for long). */
  app.get<{ Params: { id: string } }>('/calls/:id/transfer-targets', async (request, reply) => {
    const agent = requireAgent(request)
    idFromPath(request.params.id, 'No such call.')
    return reply.view('calls/_transfer_targets.eta', { agents: await app.calls.cards.transferTargets(agent.id) })
  })

  /**
   * A recorded conversation, through the app (recordings are never public URLs; Twilio's media needs the
   * account's credentials): 404 for a recording of another call, 403 for an agent who did not take the call.
   */
  app.get<{ Params: { id: string; recordingId: string } }>('/calls/:id/recordings/:recordingId', async (request, reply) => {
    const agent = requireAgent(request)
    const id = idFromPath(request.params.id, 'No such call.')
    const recording = await app.recordings.find(idFromPath(request.params.recordingId, 'No such recording.'))
    if (!recording || recording.callId !== id) throw new HttpError(404, 'No such recording of this call.')
    if (!(await app.recordings.mayListen(agent, recording))) throw new HttpError(403, 'Only admins and the agents who took this call may listen to its recording.')
    const media = recording.status === 'completed' ? await recordingMedia(app.telephony, recording.twilioSid) : null
    if (!media) throw new HttpError(404, 'This recording is not available.')
    return reply.type(media.type).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(media.body)
  })

  app.post<{ Params: { id: string } }>('/calls/:id', async (request, reply) => {
    const agent = requireAgent(request)
    const id = idFromPath(request.params.id, 'No such call.')
    const { action, version, to } = callForm.parse(request.body)
    if ((action === 'transfer' || action === 'warm_transfer') && to === undefined) throw new HttpError(400, 'Pick an agent to transfer to.')
    const click = await app.calls.click(id, agent.id, action, version, to)
    if (!click) throw new HttpError(404, 'No such call.')
    if (click.ok) return reply.view('calls/_call.eta', { call: click.call, viewerId: agent.id })
    request.log.info({ callId: id, action, version }, 'click changed nothing')
    if (!click.call) return reply.code(409).view('calls/_refusal.eta', { callId: id, notice: click.reason })
    return reply.code(409).view('calls/_call.eta', { call: click.call, viewerId: agent.id, notice: click.reason })
  })
}
