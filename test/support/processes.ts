import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nothing listens on at the moment (the OS picks it), for a server a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** A process a test started: the child, everything it wrote so far, and its exit code once it exits. */
export interface Running {
  child: ChildProcess;
  /** stdout and stderr as they arrived (for assertions and failure messages). */
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts a process with its stdout and stderr collected. */
export function start(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
): Running {
  let output = '';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
    child.once('error', () => {
      resolve(-1);
    });
  });
  return { child, output: () => output, exited };
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
export async function stop(
  running: Running | undefined,
  graceMs = 10_000,
): Promise<number | null | undefined> {
  if (running?.child.exitCode !== null || running.child.signalCode !== null)
    return running?.child.exitCode;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}
