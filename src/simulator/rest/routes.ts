import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import { callJson } from '../calls/json.ts'
import { conferenceRoutes } from './conference-routes.ts'
import type { Simulator } from '../simulator.ts'
import { memberJson, queueJson } from '../queues.ts'
import { authenticate } from './auth.ts'
import { createCall, findCall, listCalls, updateCall } from './calls.ts'
import { notFound, RestError, sendRestError } from './errors.ts'
import { listPage } from './form.ts'
import { dequeueMember, findQueue } from './queues.ts'
import { callRecordingRoutes } from './call-recordings.ts'
import { conferenceRecordingRoutes } from './conference-recordings.ts'
import { recordingRoutes } from './recordings.ts'

type Params = Record<string, string>

/** The REST subset at Twilio's paths: /2010-04-01/Accounts/{AC}/Calls, /Queues, /Queues/{QU}/Members, /Conferences, /Recordings. */
export async function restRoutes(app: FastifyInstance, opts: { sim: Simulator }): Promise<void> {
  const { sim } = opts
  const account = sim.options.accountSid
  const base = `/2010-04-01/Accounts/${account}`
  app.addHook('onRequest', async (request) => checkAccess(request, sim))
  app.addHook('onResponse', async (request, reply) => {
    sim.events.emit({ type: 'rest', method: request.method, path: request.url, statusCode: reply.statusCode, params: bodyOf(request) })
  })
  app.setErrorHandler((error, _request, reply) => sendRestError(reply, asRestError(error)))
  app.setNotFoundHandler((request, reply) => sendRestError(reply, notFound(request.url)))

  app.post('/2010-04-01/Accounts/:account/Calls.json', async (req, reply) => reply.code(201).send(callJson(createCall(sim, req.body))))
  app.get('/2010-04-01/Accounts/:account/Calls.json', async (req) => listPage('calls', listCalls(sim, req.query), `${base}/Calls.json`, queryOf(req)))
  app.get('/2010-04-01/Accounts/:account/Calls/:sid', async (req) => callJson(findCall(sim, sidOf(req), req.url)))
  app.post('/2010-04-01/Accounts/:account/Calls/:sid', async (req) => {
    const call = findCall(sim, sidOf(req), req.url)
    updateCall(sim, call, req.body)
    return callJson(call)
  })
  app.get('/2010-04-01/Accounts/:account/Queues.json', async (req) => listPage('queues', sim.queues.all().map((q) => queueJson(q, account)), `${base}/Queues.json`, queryOf(req)))
  app.get('/2010-04-01/Accounts/:account/Queues/:sid', async (req) => queueJson(findQueue(sim, sidOf(req), req.url), account))
  app.get('/2010-04-01/Accounts/:account/Queues/:queue/Members.json', async (req) => {
    const queue = findQueue(sim, (req.params as Params).queue ?? '', req.url)
    return listPage('queue_members', queue.members.map((m) => memberJson(m, account)), `${base}/Queues/${queue.sid}/Members.json`, queryOf(req))
  })
  app.get('/2010-04-01/Accounts/:account/Queues/:queue/Members/:sid', async (req) => {
    const member = findQueue(sim, (req.params as Params).queue ?? '', req.url).find(sidOf(req))
    if (!member) throw notFound(req.url)
    return memberJson(member, account)
  })
  app.post('/2010-04-01/Accounts/:account/Queues/:queue/Members/:sid', async (req) => {
    const queue = findQueue(sim, (req.params as Params).queue ?? '', req.url)
    return dequeueMember(sim, queue, sidOf(req), req.body, req.url)
  })
  await app.register(conferenceRoutes, { sim })
  recordingRoutes(app, sim)
  callRecordingRoutes(app, sim)
  conferenceRecordingRoutes(app, sim)
}

function checkAccess(request: FastifyRequest, sim: Simulator): void {
  authenticate(request, sim.options)
  sim.faults.check(request.method, request.url.split('?')[0] ?? '')
  const account = (request.params as Params | undefined)?.account
  if (account !== undefined && account !== sim.options.accountSid) throw notFound(request.url)
}

/** Twilio paths end in `.json`: `/Calls/CA….json`. */
function sidOf(request: FastifyRequest): string {
  const raw = (request.params as Params).sid ?? ''
  if (!raw.endsWith('.json')) throw notFound(request.url)
  return raw.slice(0, -'.json'.length)
}

function queryOf(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>
}

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {}
}

function asRestError(error: unknown): RestError {
  if (error instanceof RestError) return error
  if (error instanceof ZodError) return new RestError(400, 20001, `Invalid parameter ${error.issues[0]?.path.join('.') ?? ''}: ${error.issues[0]?.message ?? 'bad request'}`)
  return new RestError(500, 20500, 'Internal Server Error')
}
