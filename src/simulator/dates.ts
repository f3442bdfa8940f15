export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}

export function secondsBetween(from: Date | undefined, to: Date | undefined): number {
  if (!from || !to) return 0
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000))
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(done, ms)
    function done(): void {
      signal?.removeEventListener('abort', abort)
      resolve()
    }
    function abort(): void {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}

/** Resolves (never rejects) once the signal is aborted. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}
