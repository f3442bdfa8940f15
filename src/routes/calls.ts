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

const wrapUpForm = z.object({
  version: z.coerce.number({ message: 'Missing card version.' }).int('Missing card version.').min(0).max(int4),
  disposition: z.string().trim().max(200).optional().default(''),
  notes: z.string().max(2000, 'Notes have at most 2,000 characters.').optional().default(''),
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

  /** `POST /calls/:id/wrap-up`: **Done** on the wrap-up card; 422 with the card as typed when the disposition is missing or unknown. */
  app.post<{ Params: { id: string } }>('/calls/:id/wrap-up', async (request, reply) => {
    const agent = requireAgent(request)
    const id = idFromPath(request.params.id, 'No such call.')
    const parsed = wrapUpForm.safeParse(request.body)
    const choices = await app.calls.cards.wrapUpChoices()
    const values = parsed.success ? parsed.data : { version: -1, disposition: '', notes: '' }
    const errors: Record<string, string> = {}
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'notes')] ??= issue.message
      if (errors.version) throw new HttpError(400, errors.version)
    } else if (values.disposition && !choices.dispositions.includes(values.disposition)) errors.disposition = 'Pick a disposition from the list.'
    else if (!values.disposition && choices.required) errors.disposition = 'Choose a disposition: your team requires one.'
    if (Object.keys(errors).length > 0) {
      const call = await app.calls.cards.find(id)
      if (!call || call.agentId !== agent.id) throw new HttpError(404, 'No such call.')
      return reply.code(422).view('calls/_call.eta', { call, viewerId: agent.id, wrapUp: choices, values, errors })
    }
    const outcome = await app.calls.wrapUp(id, agent.id, values.version, { disposition: values.disposition, notes: values.notes })
    if (!outcome) throw new HttpError(404, 'No such call.')
    // Done: the card leaves the panel (the push moves the call to recent calls).
    if (outcome.ok) return reply.type('text/html; charset=utf-8').send('')
    if (!outcome.call) return reply.code(409).view('calls/_refusal.eta', { callId: id, notice: outcome.reason })
    return reply.code(409).view('calls/_call.eta', { call: outcome.call, viewerId: agent.id, notice: outcome.reason, wrapUp: choices, values })
  })
}
