import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import { HttpError } from './agents/guards.ts'

/** One place that turns thrown errors into answers: guards and zod become 4xx with a readable line. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const { status, message } = classify(error)
  if (status >= 500) request.log.error({ err: error }, 'request failed')
  if (status === 401 && request.method === 'GET' && !request.headers['hx-request']) {
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303)
  }
  return reply.code(status).type('text/html; charset=utf-8').send(`<p class="error" role="alert">${escapeHtml(message)}</p>`)
}

function classify(error: FastifyError | Error): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message }
  if (error instanceof ZodError) return { status: 400, message: error.issues[0]?.message ?? 'Invalid input.' }
  const status = (error as FastifyError).statusCode ?? 500
  return { status, message: status < 500 ? error.message : 'Something went wrong on our side.' }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
