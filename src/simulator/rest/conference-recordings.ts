import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Conference } from '../conferences/conference.ts'
import { recordingJson } from '../recordings/json.ts'
import type { Recording } from '../recordings/recording.ts'
import type { Simulator } from '../simulator.ts'
import { notFound } from './errors.ts'
import { listPage, recordingStatus } from './form.ts'

const updateSchema = z.object({ Status: recordingStatus })
const CONFERENCE_RECORDING = /^(RE[0-9a-f]{32}|Twilio\.CURRENT)(\.json)?$/

/**
 * A conference's recordings (https://www.twilio.com/docs/voice/api/conference-recording-resource): list, fetch,
 * and pause, resume or stop with Status; `Twilio.CURRENT` names the conference's active recording.
 * PauseBehavior is accepted; pauses are always skipped (as for call recordings).
 */
export function conferenceRecordingRoutes(app: FastifyInstance, sim: Simulator): void {
  const json = (rec: Recording): Record<string, unknown> => {
    const { media_url: _media, subresource_uris: _sub, ...rest } = recordingJson(rec, sim.options.simulatorUrl())
    return { ...rest, uri: `/2010-04-01/Accounts/${rec.accountSid}/Conferences/${rec.conferenceSid}/Recordings/${rec.sid}.json` }
  }
  const path = '/2010-04-01/Accounts/:account/Conferences/:conference/Recordings'

  app.get(`${path}.json`, async (req) => {
    const conference = conferenceOf(sim, req)
    return listPage('recordings', sim.recordings.list({ conferenceSid: conference.sid }).map(json), `/2010-04-01/Accounts/${conference.accountSid}/Conferences/${conference.sid}/Recordings.json`, (req.query ?? {}) as Record<string, unknown>)
  })
  app.get(`${path}/:sid`, async (req) => json(recordingOf(sim, req)))
  app.post(`${path}/:sid`, async (req) => {
    const rec = recordingOf(sim, req)
    sim.recordings.setStatus(rec, updateSchema.parse(req.body ?? {}).Status)
    return json(rec)
  })
}

function conferenceOf(sim: Simulator, req: FastifyRequest): Conference {
  const conference = sim.conferences.bySid((req.params as Record<string, string>).conference ?? '')
  if (!conference) throw notFound(req.url)
  return conference
}

function recordingOf(sim: Simulator, req: FastifyRequest): Recording {
  const conference = conferenceOf(sim, req)
  const sid = CONFERENCE_RECORDING.exec((req.params as Record<string, string>).sid ?? '')?.[1]
  const recordings = sim.recordings.list({ conferenceSid: conference.sid })
  const rec = sid === 'Twilio.CURRENT' ? recordings.find((r) => r.isActive) : recordings.find((r) => r.sid === sid)
  if (!rec) throw notFound(req.url)
  return rec
}
