// `--name value` flags of one command, checked against what the command accepts.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  required: string[];
  optional: string[];
  /** Flags without a value. */
  switches?: string[];
}

export function parseFlags(command: string, args: string[], spec: FlagSpec): Map<string, string> {
  const flags = new Map<string, string>();
  const known = new Set([...spec.required, ...spec.optional]);
  const switches = new Set(spec.switches ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new UsageError(`${command}: unexpected argument "${arg}"`);
    const [name, inlineValue] = arg.slice(2).split(/=(.*)/s, 2);
    if (switches.has(name)) {
      flags.set(name, 'true');
      continue;
    }
    if (!known.has(name)) throw new UsageError(`${command}: unknown option --${name} (accepted: ${[...known, ...switches].map((f) => `--${f}`).join(' ')})`);
    const value = inlineValue ?? args[++i];
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) throw new UsageError(`${command}: --${name} needs a value`);
    if (flags.has(name)) throw new UsageError(`${command}: --${name} given twice`);
    flags.set(name, value);
  }
  for (const name of spec.required) if (!flags.has(name)) throw new UsageError(`${command}: --${name} is required`);
  return flags;
}

export function integerFlag(flags: Map<string, string>, name: string, min: number, max: number): number | undefined {
  const value = flags.get(name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new UsageError(`--${name} must be an integer in ${min}..${max}, not "${value}"`);
  return number;
}
