// `segadapt adapt|predict|eval|export`: exit 0 on success, 2 with one line naming the file and the problem
// for bad arguments or data, 1 for anything unexpected.

import { BACKEND_NAMES, isBackendName, selectBackend, parseBackendOverride, type BackendName } from '../backend/selectBackend';
import { DataFolderError } from '../data/dataFolder';
import { ImageFileError } from '../data/decodedImage';
import { OutputFolderError } from '../output/checkOutputFolder';
import { ModelFolderError } from '../modelStore/validateModelFiles';
import { adaptCommand, evalCommand, exportCommand, predictCommand, type CommandIo } from './commands';
import { UsageError } from './cliArguments';
import { DEFAULT_METHOD } from '../../contract/jobs';

const USAGE = 'usage: segadapt adapt|predict|eval|export ... (segadapt --help lists the options)';

const HELP = `SegAdapt: adapt a pretrained segmentation model to your classes from a few labeled images.

  segadapt adapt   --data DIR --out MODEL_DIR [--method svf|ssf|lora|conv-adapter|bitfit|head|full]
                   [--steps N] [--size PX] [--seed N] [--backend tensorflow|webgpu|wasm|cpu] [--force]
                   [--unlabeled N]  (images without a mask used for self-training: at most N, default 50, 0 = none)
  segadapt predict --model MODEL_DIR|model.onnx --images DIR --out DIR [--force]
  segadapt eval    --model MODEL_DIR --data DIR [--json]
  segadapt export  --model MODEL_DIR --format onnx|tfjs|adapter|all --out PATH [--force]

A data folder holds images/ (PNG, JPEG, WebP or BMP), masks/ (PNG, same base name, pixel = class id,
255 = not labeled; an image without a mask is unlabeled), classes.json
({"classes": [{"id": 0, "name": "background"}, ...]}) and optionally boxes.json
({"<image base name>": [{"classId": 1, "x": 0, "y": 0, "w": 10, "h": 10}]}).
The default method is ${DEFAULT_METHOD}. SEGADAPT_BACKEND forces a backend like --backend.
--out must be a new or empty folder outside the inputs; --force replaces a folder SegAdapt wrote
(a model, or the masks of an earlier predict), never any other folder.
Exit codes: 0 success, 2 bad arguments or data (one line names the file and the problem), 1 anything else.`;

const COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<void>> = {
  adapt: adaptCommand,
  predict: predictCommand,
  eval: evalCommand,
  export: exportCommand,
};

/** One command's usage lines from HELP, and the data folder description for the commands that read one. */
function commandHelp(command: string): string {
  const lines = HELP.split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith(`segadapt ${command} `));
  let end = start + 1;
  while (end < lines.length && /^ {10,}\S/.test(lines[end])) end++;
  const usage = lines.slice(start, end).join('\n');
  const rest = lines.slice(lines.findIndex((line) => line.startsWith('A data folder')));
  return `${usage}\n\n${rest.join('\n')}`;
}

const FILE_ERRORS: Record<string, string> = {
  ELOOP: 'a symbolic link loop',
  ENOENT: 'not found',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a path component is not a folder',
  EISDIR: 'is a folder, not a file',
  ENOSPC: 'no space left on the disk',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
};

/** A file system error as one line naming the path, or null for other errors. */
function describeFileError(error: unknown): string | null {
  const { code, path: file } = (error ?? {}) as NodeJS.ErrnoException;
  if (!code || !file || !FILE_ERRORS[code]) return null;
  return `${file}: ${FILE_ERRORS[code]} (${code})`;
}

function backendFlag(args: string[]): BackendName | null {
  const index = args.findIndex((arg) => arg === '--backend' || arg.startsWith('--backend='));
  if (index < 0) return parseBackendOverride(process.env.SEGADAPT_BACKEND);
  const value = args[index].includes('=') ? args[index].split('=')[1] : args[index + 1];
  if (value === undefined || !isBackendName(value)) throw new UsageError(`--backend must be ${BACKEND_NAMES.join(', ')}, not "${value ?? ''}"`);
  return value;
}

export async function main(argv: string[], io: Pick<CommandIo, 'out' | 'err'> = { out: (line) => console.log(line), err: (line) => console.error(line) }): Promise<number> {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return 0;
  }
  try {
    const run = command ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
    if (args.includes('--help') || args.includes('-h')) {
      io.out(commandHelp(command));
      return 0;
    }
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
    if (error instanceof UsageError || error instanceof DataFolderError || error instanceof ImageFileError || error instanceof OutputFolderError || error instanceof ModelFolderError) {
      io.err(`segadapt: ${error.message.split('\n')[0]}`);
      return 2;
    }
    const fileProblem = describeFileError(error);
    if (fileProblem) {
      io.err(`segadapt: ${fileProblem}`);
      return 2;
    }
    io.err(`segadapt: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  }
}
