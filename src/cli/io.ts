/** Where a command reads and writes; the process's streams in real use. */
export interface Io {
  /** Writes one or more lines to stdout. */
  out(text: string): void;
  /** Writes raw text to stderr (prompts, progress); error lines go through main's reporter. */
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIo(): Io {
  // A reader that stops early (`resdesk … | head`) closes the pipe; that is not an error to report.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  return {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
