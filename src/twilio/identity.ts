/** The Twilio Client identity of an agent's browser Device. */
export function agentIdentity(agentId: number): string {
  return `agent-${agentId}`
}

export function agentIdFromIdentity(identity: string): number | null {
  const match = identity.replace(/^client:/, '').match(/^agent-(\d+)$/)
  return match ? Number(match[1]) : null
}
