import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { recordingJson } from '../recordings/json.ts'
import type { Recording } from '../recordings/recording.ts'
import { transcriptionJson } from '../recordings/transcription.ts'
import { recordingWav } from '../recordings/wav.ts'
import type { Simulator } from '../simulator.ts'
import { notFound } from './errors.ts'
import { listPage } from './form.ts'

const RESOURCE = /^(RE[0-9a-f]{32})(?:\.(json|wav|mp3))?$/
const TRANSCRIPTION = /^(TR[0-9a-f]{32})(?:\.json)?$/
const listFilters = z.object({ CallSid: z.string().optional(), ConferenceSid: z.string().optional() })

/**
 * Recordings and their media (https://www.twilio.com/docs/voice/api/recording): `RE….json` is the resource, `RE…`,
 * `RE….wav` and `RE….mp3` the audio. Media sits behind the same HTTP Basic auth as the API, as Twilio's does with
 * "HTTP basic authentication for media" on. `.mp3` is served as WAV (see README).
 */
export function recordingRoutes(app: FastifyInstance, sim: Simulator): void {
  const base = `/2010-04-01/Accounts/${sim.options.accountSid}`
  const json = (rec: Recording): Record<string, unknown> => recordingJson(rec, sim.options.simulatorUrl())

  app.get('/2010-04-01/Accounts/:account/Recordings.json', async (req) => {
    const filter = listFilters.parse(req.query ?? {})
    const items = sim.recordings.list({ callSid: filter.CallSid, conferenceSid: filter.ConferenceSid }).map(json)
    return listPage('recordings', items, `${base}/Recordings.json`, queryOf(req))
  })
  app.get('/2010-04-01/Accounts/:account/Recordings/:sid', async (req, reply) => {
    const { rec, extension } = findRecording(sim, req)
    if (extension === 'json') return json(rec)
    return sendMedia(reply, rec, req.url)
  })
  app.delete('/2010-04-01/Accounts/:account/Recordings/:sid', async (req, reply) => {
    const { rec, extension } = findRecording(sim, req)
    if (extension !== 'json') throw notFound(req.url)
    sim.recordings.remove(rec.sid)
    return reply.code(204).send()
  })
  app.get('/2010-04-01/Accounts/:account/Recordings/:recording/Transcriptions.json', async (req) => {
    const rec = sim.recordings.get((req.params as Record<string, string>).recording ?? '')
    if (!rec) throw notFound(req.url)
    return listPage('transcriptions', rec.transcriptions.map(transcriptionJson), `${base}/Recordings/${rec.sid}/Transcriptions.json`, queryOf(req))
  })
  app.get('/2010-04-01/Accounts/:account/Transcriptions/:sid', async (req) => {
    const sid = TRANSCRIPTION.exec((req.params as Record<string, string>).sid ?? '')?.[1]
    const transcription = sid ? sim.recordings.transcription(sid) : undefined
    if (!transcription) throw notFound(req.url)
    return transcriptionJson(transcription)
  })
}

function findRecording(sim: Simulator, req: FastifyRequest): { rec: Recording; extension: 'json' | 'wav' | 'mp3' | 'none' } {
  const match = RESOURCE.exec((req.params as Record<string, string>).sid ?? '')
  const rec = match?.[1] ? sim.recordings.get(match[1]) : undefined
  if (!match || !rec) throw notFound(req.url)
  return { rec, extension: (match[2] as 'json' | 'wav' | 'mp3' | undefined) ?? 'none' }
}

/** Audio exists once the recording is completed; in-progress, paused and absent recordings have none. */
function sendMedia(reply: FastifyReply, rec: Recording, url: string): FastifyReply {
  if (rec.status !== 'completed' || rec.duration === null) throw notFound(url)
  return reply.type('audio/x-wav').send(recordingWav(rec.duration))
}

function queryOf(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>
}
