import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

export function readRootFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => {
          resolve(port);
        });
      });
  });
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts a process with its stdout and stderr collected (for assertions and failure messages). */
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

/** Runs a command to completion: exit code and combined output. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const running = start(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
  });
  const code = await running.exited;
  return { code, output: running.output() };
}

export interface DockerStage {
  name: string;
  from: string;
  /** Instructions with line continuations joined: `RUN npm ci ...`, `COPY --from=build a b`, ... */
  instructions: string[];
}

/** The stages of the Dockerfile, in order (ARG defaults substituted into FROM). */
export function dockerStages(
  dockerfile = readRootFile('Dockerfile'),
): DockerStage[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const arg = /^ARG\s+(\w+)=(\S+)$/.exec(line);
    if (arg && stages.length === 0) args[arg[1]] = arg[2];
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) {
      const image = from[1].replace(
        /\$\{(\w+)\}/g,
        (_, name: string) => args[name] ?? '',
      );
      stages.push({
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the optional AS group is undefined when it did not match
        name: from[2] ?? String(stages.length),
        from: image,
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(line.replace(/\s+/g, ' '));
    }
  }
  return stages;
}

/** `CMD ["node", "x.js"]` (exec form) of a stage, as an argv; undefined for the shell form. */
export function execFormCmd(stage: DockerStage): string[] | undefined {
  const cmd = stage.instructions.filter((line) => /^CMD\s/.test(line)).at(-1);
  if (!cmd) return undefined;
  const argv = cmd.slice(4).trim();
  return argv.startsWith('[') ? (JSON.parse(argv) as string[]) : undefined;
}
