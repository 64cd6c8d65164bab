// `segadapt adapt|predict|eval|export`: exit 0 on success, 2 with one line naming the file and the problem
// for bad arguments or data, 1 for anything unexpected.

import { selectBackend, parseBackendOverride, type BackendName } from '../backend/selectBackend';
import { DataFolderError } from '../data/dataFolder';
import { ImageFileError } from '../data/decodedImage';
import { adaptCommand, evalCommand, exportCommand, predictCommand, type CommandIo } from './commands';
import { UsageError } from './cliArguments';

const USAGE = 'usage: segadapt adapt|predict|eval|export ... (see DESIGN.md "Command line"; e.g. segadapt adapt --data DIR --out MODEL_DIR)';

const COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<void>> = {
  adapt: adaptCommand,
  predict: predictCommand,
  eval: evalCommand,
  export: exportCommand,
};

function backendFlag(args: string[]): BackendName | null {
  const index = args.findIndex((arg) => arg === '--backend' || arg.startsWith('--backend='));
  if (index < 0) return parseBackendOverride(process.env.SEGADAPT_BACKEND);
  const value = args[index].includes('=') ? args[index].split('=')[1] : args[index + 1];
  if (value !== 'tensorflow' && value !== 'wasm' && value !== 'cpu') throw new UsageError(`--backend must be tensorflow, wasm or cpu, not "${value ?? ''}"`);
  return value;
}

export async function main(argv: string[], io: Pick<CommandIo, 'out' | 'err'> = { out: (line) => console.log(line), err: (line) => console.error(line) }): Promise<number> {
  const [command, ...args] = argv;
  try {
    const run = command ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
    const override = backendFlag(args);
    let choice;
    try {
      choice = await selectBackend(override);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const skipped = choice.probes.filter((probe) => !probe.ok && !probe.reason.startsWith('not needed')).map((probe) => `${probe.name}: ${probe.reason}`);
    io.err(`backend: ${choice.backend}${skipped.length ? ` (skipped ${skipped.join('; ')})` : ''}`);
    await run(args, { ...io, backend: choice.backend });
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DataFolderError || error instanceof ImageFileError) {
      io.err(`segadapt: ${error.message.split('\n')[0]}`);
      return 2;
    }
    io.err(`segadapt: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  }
}
