/**
 * Failures the CLI reports as one `resdesk: <message>` line. The exit code says which kind:
 * 1 for an error while doing the work, 2 for a command line that cannot be understood.
 */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong: unknown command or option, missing or malformed value. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** The server answered with an error: its HTTP status and the `{error:{code,message}}` it sent. */
export class ApiError extends CliError {
  constructor(readonly status: number, readonly code: string, readonly serverMessage: string, hint?: string) {
    super(`${code}: ${serverMessage}${hint ? ` (${hint})` : ''}`);
    this.name = 'ApiError';
  }
}
