import readline from 'node:readline';
import type { Io } from './io.ts';

/** Asks a question on the terminal (prompt on stderr) and returns the typed line. */
export async function promptLine(io: Io, question: string): Promise<string> {
  const rl = readline.createInterface({ input: io.stdin, output: process.stderr, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}

/**
 * Reads a secret from the terminal without echoing it: raw mode, Enter ends, Backspace deletes,
 * Ctrl-C aborts the process with status 130, Ctrl-D ends the input.
 */
export function promptSecret(io: Io, question: string): Promise<string> {
  const stdin = io.stdin;
  io.err(question);
  return new Promise<string>((resolve) => {
    let secret = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = () => {
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stdin.off('data', onData);
      io.err('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          done();
          resolve(secret);
          return;
        }
        if (ch === '\u0003') {
          done();
          process.exit(130);
        }
        if (ch === '\u007f' || ch === '\b') secret = [...secret].slice(0, -1).join('');
        else if (ch >= ' ') secret += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * Asks a yes/no question (on stderr) and reads one line of the answer: "y" or "yes" is yes;
 * anything else, or the end of the input, is no.
 */
export function askYesNo(io: Io, question: string): Promise<boolean> {
  io.err(question);
  const rl = readline.createInterface({ input: io.stdin, terminal: false });
  return new Promise<boolean>((resolve) => {
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    rl.once('close', () => {
      if (answered) return;
      io.err('\n');
      resolve(false);
    });
  });
}
