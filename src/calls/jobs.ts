import type { FastifyInstance } from 'fastify'
import { hangUpCall, redirectCall } from '../twilio/rest.ts'
import { dialAgent } from '../twilio/twiml.ts'
import { agentIdentity } from '../twilio/identity.ts'
import { acceptFailed, endFailed } from './transitions.ts'
import { placeOutboundCall } from './outbound.ts'
import { dialFailed } from './outbound-transitions.ts'

export type JobKind = 'dial_agent' | 'hang_up' | 'place_call'

export interface Job {
  id: number
  kind: string
  callId: number | null
  attempts: number
  /** The call as it stood when the job was claimed (read in the same statement). */
  call: { id: number; status: string; twilioSid: string | null; agentId: number | null } | null
}

export interface JobHandler {
  run(app: FastifyInstance, job: Job): Promise<void>
  /** Called once when the job will not be tried again. */
  gaveUp(app: FastifyInstance, job: Job, message: string): Promise<unknown>
}

/** Handlers re-check the call first, so a job run twice (after a crash) does no harm. */
export const jobHandlers: Record<JobKind, JobHandler> = {
  dial_agent: {
    async run(app, job) {
      const { call } = job
      if (call?.status !== 'connecting' || !call.twilioSid || !call.agentId) return
      const identity = agentIdentity(call.agentId)
      await redirectCall(app, call.twilioSid, dialAgent(app.publicUrl(), identity, app.config.agentRingSeconds))
      await app.prisma.callEvent.create({ data: { callId: call.id, type: 'agent_dialed', agentId: call.agentId, data: { identity } } })
    },
    gaveUp: (app, job, message) => acceptFailed(app, job.callId!, `Could not connect the call: ${message}`),
  },
  hang_up: {
    async run(app, job) {
      const { call } = job
      if (call?.status !== 'ended' || !call.twilioSid) return
      await hangUpCall(app, call.twilioSid)
    },
    gaveUp: (app, job, message) => endFailed(app, job.callId!, `Could not hang up: ${message}. The line may still be open.`),
  },
  place_call: {
    async run(app, job) {
      const { call } = job
      if (call?.status !== 'dialing' || call.twilioSid || !call.agentId) return
      await placeOutboundCall(app, call.id, call.agentId)
    },
    gaveUp: (app, job, message) => dialFailed(app, job.callId!, `Could not place the call: ${message}`),
  },
}
