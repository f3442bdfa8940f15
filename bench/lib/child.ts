import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Runs a bench/lib TypeScript file in its own Node process (load generators must not share the server's event loop). */
export function spawnTs(file: string, env: Record<string, string>): ChildProcess {
  const path = fileURLToPath(new URL(file, import.meta.url))
  return spawn(process.execPath, ['--import', 'tsx', path], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
}

/** The child's last stdout line, parsed, once it exits cleanly. */
export function jsonResult<T>(child: ChildProcess): Promise<T> {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => {
      const last = output.trim().split('\n').at(-1)
      if (code !== 0 || !last) return reject(new Error(`${child.spawnargs.at(-1)} exited with ${code}`))
      resolve(JSON.parse(last) as T)
    })
  })
}
