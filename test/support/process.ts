import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { projectRoot } from '../../src/paths.ts'

export interface RunningApp {
  url: string
  child: ChildProcess
  output: string[]
  stop(): Promise<number | null>
}

/** Starts `src/main.ts` as `npm start` does, with only the given environment, and waits until it listens. */
export function startMain(env: Record<string, string>, timeoutMs = 120_000): Promise<RunningApp> {
  const { DATABASE_URL, TEST_DATABASE_URL, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', WRAP_UP_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode)
      child.once('exit', (code) => resolve(code))
      child.kill('SIGTERM')
    })

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`app did not start within ${timeoutMs} ms:\n${output.join('')}`))
    }, timeoutMs)
    const read = (chunk: Buffer) => {
      output.push(chunk.toString())
      const match = output.join('').match(/ready at (http:\/\/[^\s"]+)/)
      if (!match?.[1]) return
      clearTimeout(timer)
      resolve({ url: match[1], child, output, stop })
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`app exited with ${code}:\n${output.join('')}`))
    })
  })
}

export interface ToolRun {
  status: number
  stdout: string
  stderr: string
}

/** Runs a command-line tool of the project (`npm run …` or `node --import tsx …`) without blocking this process's servers. */
export function runTool(command: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<ToolRun> {
  const { DATABASE_URL, TEST_DATABASE_URL, DATA_DIR, AGENT_PASSWORD, ...inherited } = process.env
  return new Promise((resolve) => {
    execFile(command, args, { cwd: projectRoot, env: { ...inherited, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ status, stdout, stderr: stderr.replace(/^npm warn .*\n/gm, '') })
    })
  })
}
