import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start } from '../support/processes.js';

export const ROOT = join(__dirname, '../..');

export function readRootFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
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
