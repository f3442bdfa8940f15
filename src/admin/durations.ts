export interface CallTimes {
  createdAt: Date
  queuedAt: Date | null
  answeredAt: Date | null
  endedAt: Date | null
}

/** From when the caller started waiting (or the call was placed) until someone answered or the line ended. */
export function waitMs(call: CallTimes): number | null {
  const until = call.answeredAt ?? call.endedAt
  return until ? until.getTime() - (call.queuedAt ?? call.createdAt).getTime() : null
}

export function talkMs(call: Pick<CallTimes, 'answeredAt' | 'endedAt'>): number | null {
  return call.answeredAt && call.endedAt ? call.endedAt.getTime() - call.answeredAt.getTime() : null
}

/** `0:07`, `12:34`, `1:02:03`; a dash for a span that has not ended. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—'
  const total = Math.max(0, Math.round(ms / 1000))
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
  const pad = (part: number) => String(part).padStart(2, '0')
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`
}
