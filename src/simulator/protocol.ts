import { z } from 'zod'

const MAX_SIGNALING_TIMEOUT_MS = 10 * 60_000

/**
 * The stand-in Device's websocket protocol: JSON text frames, one message each.
 * Mirrored by public/simulator/device.js (plain JS); a unit test keeps the two in step.
 */
export const clientMessageSchema = z.discriminatedUnion('type', [
  /** `maxCallSignalingTimeoutMs`: the Device option; how long an answered call waits for a lost Device to come back. */
  z.object({ type: z.literal('register'), token: z.string(), maxCallSignalingTimeoutMs: z.number().int().min(0).max(MAX_SIGNALING_TIMEOUT_MS).optional() }),
  z.object({ type: z.literal('updateToken'), token: z.string() }),
  z.object({ type: z.literal('unregister') }),
  z.object({ type: z.literal('accept'), callSid: z.string() }),
  z.object({ type: z.literal('reject'), callSid: z.string() }),
  z.object({ type: z.literal('hangup'), callSid: z.string() }),
  z.object({ type: z.literal('digits'), callSid: z.string(), digits: z.string().max(64) }),
  z.object({ type: z.literal('mute'), callSid: z.string(), muted: z.boolean() }),
  /** After registering again, a Device asks for the answered calls it lost its connection during. */
  z.object({ type: z.literal('reconnect'), callSid: z.string() }),
])

const params = z.record(z.string(), z.string())

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('registered'), identity: z.string(), ttl: z.number() }),
  z.object({ type: z.literal('unregistered') }),
  z.object({ type: z.literal('error'), code: z.number(), message: z.string() }),
  z.object({ type: z.literal('incoming'), callSid: z.string(), parameters: params, customParameters: params }),
  z.object({ type: z.literal('accepted'), callSid: z.string() }),
  z.object({ type: z.literal('cancel'), callSid: z.string() }),
  z.object({ type: z.literal('disconnect'), callSid: z.string() }),
  z.object({ type: z.literal('reconnected'), callSid: z.string() }),
])

export type ClientMessage = z.infer<typeof clientMessageSchema>
export type ServerMessage = z.infer<typeof serverMessageSchema>

export const CLIENT_MESSAGE_TYPES = clientMessageSchema.options.map((o) => o.shape.type.value)
export const SERVER_MESSAGE_TYPES = serverMessageSchema.options.map((o) => o.shape.type.value)

/** Twilio's codes for what goes wrong with a token or a registration. */
export const ERROR_CODES = {
  invalidToken: 20101,
  expiredToken: 20104,
  malformed: 31100,
  notRegistered: 31201,
  /** Raised on a call whose signalling connection dropped (SignalingErrors.ConnectionDisconnected). */
  signalingDisconnected: 53001,
} as const
