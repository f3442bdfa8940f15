import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import { inputFaultInDatabase } from './db/input-faults.ts'

/** A refusal with the status code, the sentence the person reads and any headers it needs (Retry-After). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export interface Fault {
  status: number
  message: string
  headers: Record<string, string>
  /** How loudly to log: every 5xx is a bug of ours; a database error caused by input is a missing edge check. */
  log?: 'error' | 'warn'
}

const ourFault = 'Something went wrong on our side.'

/** fastify's own refusals of a request's body or path, in sentences a person can act on. */
const requestFaults: Record<string, Pick<Fault, 'status' | 'message'>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'This request is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'This content type is not accepted here; send a form.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'The JSON in this request is malformed.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'This request has an empty JSON body.' },
  FST_STATIC_FORBIDDEN_PATH: { status: 404, message: 'No such page.' },
}

/** The one mapping from anything thrown to an answer: input problems are 4xx, everything else a logged 500. */
export function classify(error: unknown): Fault {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message, headers: error.headers }
  if (error instanceof ZodError) return { status: 400, message: error.issues[0]?.message ?? 'Invalid input.', headers: {} }
  const known = requestFaults[(error as FastifyError).code]
  if (known) return { ...known, headers: {} }
  const database = inputFaultInDatabase(error)
  if (database) return { status: 400, message: database, headers: {}, log: 'warn' }
  const status = (error as FastifyError).statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, message: (error as Error).message, headers: {} }
  return { status: 500, message: ourFault, headers: {}, log: 'error' }
}

function classifyAndLog(error: unknown, request: FastifyRequest): Fault {
  const fault = classify(error)
  if (fault.log) request.log[fault.log]({ err: error }, fault.status >= 500 ? 'request failed' : 'database refused a value from the request')
  return fault
}

/**
 * The app's error handler. Browsers get a page in the layout (a page GET without a session goes to the
 * login form), htmx gets a short fragment to swap, anything else one line of text.
 */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const fault = classifyAndLog(error, request)
  reply.headers(fault.headers)
  if (fault.status === 401 && request.method === 'GET' && !isHtmx(request)) {
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303)
  }
  reply.code(fault.status)
  if (isHtmx(request)) return reply.view('_error.eta', fault)
  if (wantsPage(request)) return reply.view('error.eta', { ...fault, title: STATUS_CODES[fault.status], ...viewer(request) })
  return reply.type('text/plain; charset=utf-8').send(fault.message)
}

/** The same mapping for callers that are not browsers (Twilio): text, with `inputPrefix` before a refusal of the request's content. */
export function answerInText(error: unknown, request: FastifyRequest, reply: FastifyReply, inputPrefix = '') {
  const fault = classifyAndLog(error, request)
  const prefix = [400, 413, 415].includes(fault.status) ? inputPrefix : ''
  return reply.code(fault.status).headers(fault.headers).type('text/plain; charset=utf-8').send(`${prefix}${fault.message}`)
}

/** Unknown URLs take the same path as any other refusal. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return errorHandler(new HttpError(404, 'No such page.'), request, reply)
}

function isHtmx(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true'
}

function wantsPage(request: FastifyRequest): boolean {
  return request.headers.accept?.includes('text/html') ?? false
}

/** Who is looking, for the layout's top bar, where the session was loaded (the web routes). */
function viewer(request: FastifyRequest) {
  const session = request.session
  return session ? { agent: session.agent, csrfToken: session.csrfToken } : {}
}
