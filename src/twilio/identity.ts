/** The Twilio Client identity of an agent's browser Device. */
export function agentIdentity(agentId: number): string {
  return `agent-${agentId}`
}
