import { serve } from './serve.ts';

/** Entry point of `resdesk`; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === 'serve') {
    await serve((line) => console.log(line));
    return 0;
  }
  console.error(`resdesk: unknown command "${command ?? ''}"`);
  return 2;
}
