import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

/** `multiple`: the option may be repeated; Args.strings gives every value, the other getters the last. */
export type OptionSpecs = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ArgsSpec {
  /** The command as typed, for messages: "customers list". */
  command: string;
  options?: OptionSpecs;
  /** Names of the positional arguments, in order; all required. */
  positionals?: string[];
  /** Takes any number of further positional arguments. */
  variadic?: boolean;
}

/** Every command takes these. */
const COMMON: OptionSpecs = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };

/** The parsed command line of one command, with typed, validating getters. */
export class Args {
  constructor(
    readonly command: string,
    private readonly values: Record<string, string | boolean | undefined>,
    readonly positionals: string[],
    private readonly lists: Record<string, string[]> = {},
  ) {}

  get json(): boolean {
    return this.values.json === true;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  /** Every value of a repeatable string option, in the order given (empty when absent). */
  strings(name: string): string[] {
    return this.lists[name] ?? (typeof this.values[name] === 'string' ? [this.values[name] as string] : []);
  }

  required(name: string): string {
    const v = this.string(name);
    if (v === undefined || v.trim() === '') throw new UsageError(`${this.command}: --${name} is required`);
    return v;
  }

  /** Fails naming every one of the options that is missing. */
  requireAll(names: string[]): void {
    const missing = names.filter((n) => (this.string(n) ?? '').trim() === '');
    if (missing.length) throw new UsageError(`${this.command}: missing ${missing.map((n) => `--${n}`).join(', ')}`);
  }

  /** A whole number within [min, max], or undefined when the option is absent. */
  int(name: string, min: number, max: number): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) {
      throw new UsageError(`${this.command}: --${name} must be a whole number from ${min} to ${max}, got "${v}"`);
    }
    return Number(v);
  }

  /** One of the allowed values, matched case-insensitively and returned in the allowed spelling. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const match = allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase());
    if (!match) throw new UsageError(`${this.command}: --${name} must be one of ${allowed.join(', ')}, got "${v}"`);
    return match;
  }

  positional(index: number): string {
    return this.positionals[index]!;
  }
}

/** Parses a command's arguments with node:util parseArgs, turning its errors into usage errors. */
export function parseCommandArgs(argv: string[], spec: ArgsSpec): Args {
  const options = { ...COMMON, ...(spec.options ?? {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`${spec.command}: ${describeParseError(err as Error & { code?: string })}`);
  }
  const names = spec.positionals ?? [];
  const positionals = parsed.positionals;
  if (!spec.variadic && positionals.length > names.length) {
    throw new UsageError(`${spec.command}: unexpected argument "${positionals[names.length]}"`);
  }
  if (positionals.length < names.length) {
    throw new UsageError(`${spec.command}: missing <${names[positionals.length]}>`);
  }
  const values: Record<string, string | boolean | undefined> = {};
  const lists: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(parsed.values)) {
    values[k] = Array.isArray(v) ? v[v.length - 1] : v;
    if (Array.isArray(v)) lists[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return new Args(spec.command, values, positionals, lists);
}

function describeParseError(err: Error & { code?: string }): string {
  const quoted = /'(?:-\w, )?(--?[^' ,]+)/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(err.message)) return `option ${quoted} needs a value; write ${quoted}=<value> for one that starts with "-"`;
      return /argument missing/.test(err.message) ? `option ${quoted} needs a value` : `option ${quoted} takes no value`;
    default:
      return err.message.split('\n')[0]!;
  }
}

/** True when the arguments ask for help (before any `--`). */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
