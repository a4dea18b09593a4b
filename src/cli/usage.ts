import type { CommandInfo } from './command-table.ts';

const PREFIX = 'Usage: ';

/**
 * The usage block of one command: the synopsis after "Usage:" (its continuation lines kept under
 * it), then the explanation indented by two.
 */
export function usageText(info: CommandInfo): string {
  const blank = info.usage.indexOf('');
  const synopsis = blank === -1 ? info.usage : info.usage.slice(0, blank);
  const text = blank === -1 ? [] : info.usage.slice(blank + 1);
  return [
    ...synopsis.map((l, i) => (i === 0 ? PREFIX : ' '.repeat(PREFIX.length)) + l),
    ...(text.length ? ['', ...text.map((l) => (l ? `  ${l}` : ''))] : []),
  ].join('\n');
}
