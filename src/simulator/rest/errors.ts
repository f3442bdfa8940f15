import type { FastifyReply } from 'fastify'

/** A Twilio REST error: JSON `{code, message, more_info, status}` that twilio-node turns into RestException. */
export class RestError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message)
  }
}

export function sendRestError(reply: FastifyReply, error: RestError): FastifyReply {
  if (error.status === 401) reply.header('WWW-Authenticate', 'Basic realm="Twilio API"')
  return reply.code(error.status).send({
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  })
}

export function notFound(path: string): RestError {
  return new RestError(404, 20404, `The requested resource ${path} was not found`)
}
