import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Call } from '../calls/call.ts'
import { recordingJson } from '../recordings/json.ts'
import type { Recording } from '../recordings/recording.ts'
import { recordingCallback } from '../recordings/recording.ts'
import type { Simulator } from '../simulator.ts'
import { findCall } from './calls.ts'
import { notFound, RestError } from './errors.ts'
import { formList, formString, listPage, recordingStatus } from './form.ts'

const createSchema = z.object({
  RecordingStatusCallback: formString, RecordingStatusCallbackMethod: formString, RecordingStatusCallbackEvent: formList,
  RecordingChannels: z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.enum(['mono', 'dual'])).optional(),
  RecordingTrack: z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), z.enum(['inbound', 'outbound', 'both'])).optional(),
  Trim: formString,
})
const updateSchema = z.object({ Status: recordingStatus, PauseBehavior: formString })
const CALL_RECORDING = /^(RE[0-9a-f]{32}|Twilio\.CURRENT)\.json$/

/**
 * A call's recordings (https://www.twilio.com/docs/voice/api/recording#create-a-recording-resource): start one on a call
 * in progress (source StartCallRecordingAPI), pause, resume or stop it with Status, list, fetch and delete them.
 * `Twilio.CURRENT` names the call's active recording.
 */
export function callRecordingRoutes(app: FastifyInstance, sim: Simulator): void {
  const json = (rec: Recording): Record<string, unknown> => callRecordingJson(rec, sim.options.simulatorUrl())
  const path = '/2010-04-01/Accounts/:account/Calls/:call/Recordings'

  app.post(`${path}.json`, async (req, reply) => {
    const call = callOf(sim, req)
    const p = createSchema.parse(req.body ?? {})
    if (call.status !== 'in-progress') throw new RestError(400, 21220, 'Call is not in-progress. Cannot start a recording.')
    const callback = recordingCallback(p.RecordingStatusCallback, p.RecordingStatusCallbackMethod, p.RecordingStatusCallbackEvent)
    const rec = sim.recordings.start({ callSid: call.sid, source: 'StartCallRecordingAPI', channels: p.RecordingChannels === 'dual' ? 2 : 1, track: p.RecordingTrack, callback })
    return reply.code(201).send(json(rec))
  })
  app.get(`${path}.json`, async (req) => {
    const call = callOf(sim, req)
    return listPage('recordings', sim.recordings.list({ callSid: call.sid }).map(json), `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}/Recordings.json`, (req.query ?? {}) as Record<string, unknown>)
  })
  app.get(`${path}/:sid`, async (req) => json(recordingOf(sim, req)))
  app.post(`${path}/:sid`, async (req) => {
    const rec = recordingOf(sim, req)
    sim.recordings.setStatus(rec, updateSchema.parse(req.body ?? {}).Status)
    return json(rec)
  })
  app.delete(`${path}/:sid`, async (req, reply) => {
    sim.recordings.remove(recordingOf(sim, req).sid)
    return reply.code(204).send()
  })
}

function callOf(sim: Simulator, req: FastifyRequest): Call {
  return findCall(sim, (req.params as Record<string, string>).call ?? '', req.url)
}

function recordingOf(sim: Simulator, req: FastifyRequest): Recording {
  const call = callOf(sim, req)
  const sid = CALL_RECORDING.exec((req.params as Record<string, string>).sid ?? '')?.[1]
  const calls = sim.recordings.list({ callSid: call.sid })
  const rec = sid === 'Twilio.CURRENT' ? calls.find((r) => r.isActive) : calls.find((r) => r.sid === sid)
  if (!rec) throw notFound(req.url)
  return rec
}

/** The call-scoped resource: the account's Recording plus `track`, at the call's URI. */
function callRecordingJson(rec: Recording, simulatorUrl: string): Record<string, unknown> {
  const { media_url: _media, subresource_uris: _sub, ...json } = recordingJson(rec, simulatorUrl)
  return { ...json, track: rec.track, uri: `/2010-04-01/Accounts/${rec.accountSid}/Calls/${rec.callSid}/Recordings/${rec.sid}.json` }
}
