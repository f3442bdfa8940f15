import type { FastifyInstance, FastifyRequest } from 'fastify'
import { conferenceJson, participantJson } from '../conferences/json.ts'
import type { Simulator } from '../simulator.ts'
import { listPage } from './form.ts'
import { kickParticipant, listFilters, matchesFilters, updateParticipant } from './participant-changes.ts'
import { findActiveConference, findConference, findParticipant } from './participant-rules.ts'
import { createParticipant } from './participants.ts'
import { listConferences, updateConference } from './conferences.ts'
import { notFound } from './errors.ts'

type Params = Record<string, string>

/** Conferences and their Participants at Twilio's paths (…/Conferences/{CF}/Participants/{CA|label}.json). */
export async function conferenceRoutes(app: FastifyInstance, opts: { sim: Simulator }): Promise<void> {
  const { sim } = opts
  const base = `/2010-04-01/Accounts/${sim.options.accountSid}/Conferences`
  const root = '/2010-04-01/Accounts/:account/Conferences'

  app.get(`${root}.json`, async (req) => listPage('conferences', listConferences(sim, req.query), `${base}.json`, queryOf(req)))
  app.get(`${root}/:sid`, async (req) => conferenceJson(findConference(sim, jsonName(req, 'sid'), req.url)))
  app.post(`${root}/:sid`, async (req) => {
    const conference = findConference(sim, jsonName(req, 'sid'), req.url)
    updateConference(sim, conference, req.body)
    return conferenceJson(conference)
  })

  app.get(`${root}/:conference/Participants.json`, async (req) => {
    const conference = findConference(sim, paramOf(req, 'conference'), req.url)
    const filters = listFilters.parse(req.query ?? {})
    const items = conference.participants.filter((p) => matchesFilters(p, filters)).map((p) => participantJson(p))
    return listPage('participants', items, `${base}/${conference.sid}/Participants.json`, queryOf(req))
  })
  app.post(`${root}/:conference/Participants.json`, async (req, reply) => reply.code(201).send(createParticipant(sim, paramOf(req, 'conference'), req.body, req.url)))
  app.get(`${root}/:conference/Participants/:sid`, async (req) => participantJson(participantOf(sim, req)))
  app.post(`${root}/:conference/Participants/:sid`, async (req) => {
    const participant = participantOf(sim, req)
    updateParticipant(sim, participant, req.body)
    return participantJson(participant)
  })
  app.delete(`${root}/:conference/Participants/:sid`, async (req, reply) => {
    kickParticipant(sim, participantOf(sim, req))
    return reply.code(204).send()
  })
}

function participantOf(sim: Simulator, req: FastifyRequest) {
  const conference = findActiveConference(sim, paramOf(req, 'conference'), req.url)
  return findParticipant(conference, jsonName(req, 'sid'), req.url)
}

function paramOf(req: FastifyRequest, name: string): string {
  return (req.params as Params)[name] ?? ''
}

/** Twilio paths end in `.json`: `/Conferences/CF….json`, `/Participants/customer.json`. */
function jsonName(req: FastifyRequest, name: string): string {
  const raw = paramOf(req, name)
  if (!raw.endsWith('.json')) throw notFound(req.url)
  return raw.slice(0, -'.json'.length)
}

function queryOf(req: FastifyRequest): Record<string, unknown> {
  return (req.query ?? {}) as Record<string, unknown>
}
