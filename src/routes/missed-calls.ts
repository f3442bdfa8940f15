import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { requireAgent } from '../agents/guards.ts'
import type { SessionAgent } from '../agents/sessions.ts'
import { HttpError } from '../errors.ts'
import { recordingMedia } from '../twilio/media.ts'

const int4 = 2_147_483_647
const id = z.coerce.number().int().positive().max(int4)
const missedCallForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('call-back') }),
  z.object({
    action: z.literal('dismiss'),
    reason: z
      .string({ message: 'Give a reason to dismiss this missed call.' })
      .transform((text) => text.trim())
      .pipe(z.string().min(1, 'Give a reason to dismiss this missed call.').max(200, 'A reason has at most 200 characters.'))
      .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), 'A reason cannot contain control characters.'),
  }),
], { message: 'Unknown action.' })

/**
 * The panel's Missed calls: `POST /missed-calls/:id` with **Call back** (the outbound flow, linked to the
 * missed call) or **Dismiss** (with a reason). The answer is the list as it now is; 404 for a missed call
 * the agent may not see, 409 when someone else settled it first, 422 for a missing reason. A voicemail
 * plays through `GET /recordings/:id`, which fetches Twilio's media with the account's credentials.
 */
export async function missedCallRoutes(app: FastifyInstance) {
  const list = async (reply: FastifyReply, agent: SessionAgent, status = 200, notice?: string) =>
    reply.code(status).view('missed/_list.eta', { missed: await app.calls.missed.listFor(agent), notice })

  app.post<{ Params: { id: string } }>('/missed-calls/:id', async (request, reply) => {
    const agent = requireAgent(request)
    const missedId = id.safeParse(request.params.id)
    if (!missedId.success) throw new HttpError(404, 'No such missed call.')
    const form = missedCallForm.safeParse(request.body ?? {})
    if (!form.success) return list(reply, agent, 422, form.error.issues[0]?.message)
    const outcome = form.data.action === 'call-back' ? await app.calls.missed.callBack(agent, missedId.data, app.telephony.number) : await app.calls.missed.dismiss(agent, missedId.data, form.data.reason)
    if (outcome.ok) return list(reply, agent)
    if (outcome.status === 404) throw new HttpError(404, outcome.reason)
    return list(reply, agent, outcome.status, outcome.reason)
  })

  app.get<{ Params: { id: string } }>('/recordings/:id', async (request, reply) => {
    const agent = requireAgent(request)
    const recordingId = id.safeParse(request.params.id)
    const recording = recordingId.success ? await app.recordings.find(recordingId.data) : null
    if (!recording) throw new HttpError(404, 'No such recording.')
    if (!(await app.recordings.mayListen(agent, recording))) throw new HttpError(403, recording.kind === 'call' ? 'Only admins and the agents who took this call may listen to its recording.' : 'Only admins and agents of the call’s queue may listen to this recording.')
    const media = recording.status === 'completed' ? await recordingMedia(app.telephony, recording.twilioSid) : null
    if (!media) throw new HttpError(404, 'This recording is not available.')
    return reply.type(media.type).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff').send(media.body)
  })
}
