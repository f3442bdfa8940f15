import { Session } from 'node:inspector/promises'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * With BENCH_PROFILE=dir, records a V8 CPU profile of this process around the measured window only
 * (node --cpu-prof would also record start-up and set-up). Open the .cpuprofile in Chrome DevTools.
 */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE
  if (!dir) return work()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  try {
    return await work()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    await mkdir(dir, { recursive: true })
    const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`)
    await writeFile(file, JSON.stringify(profile))
    console.error(`CPU profile: ${file}`)
    session.disconnect()
  }
}
