import type { Limit, RouteLimit } from './rate-limit.ts'

/** Password guesses per client address and email; a successful login gives the budget back. */
export const loginLimit: Limit = { name: 'login', max: 5, windowSeconds: 15 * 60 }

/** Calls one agent may place (`POST /calls`): far more than a person dials, far fewer than a script. */
export const dialLimit: RouteLimit = {
  name: 'dial',
  max: 20,
  windowSeconds: 60,
  key: (request) => (request.session ? String(request.session.agent.id) : undefined),
  refusal: (seconds) => `Too many calls in a short time. Try again in ${seconds} seconds.`,
}

/** Problem reports from one agent's phone (`POST /phone/problems`): a reconnect loop may repeat itself. */
export const phoneReportLimit: RouteLimit = {
  name: 'phone-report',
  max: 10,
  windowSeconds: 60,
  key: (request) => (request.session ? String(request.session.agent.id) : undefined),
  refusal: () => 'Too many reports from this phone; try again in a minute.',
}
