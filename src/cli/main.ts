import { parseArgs } from 'node:util';
import { inspectCommand, roundtripCommand } from './commands.ts';
import { UsageError } from './errors.ts';
import { describeError } from './files.ts';

const USAGE = `usage: bnfold <command> MODEL [options]

commands:
  inspect MODEL [--json]      versions, producer, inputs and outputs, op counts, parameters, side files
  roundtrip MODEL -o OUT      decode and encode with no change (the lossless check)

Bad input prints one line on stderr and exits with code 2.`;

const COMMANDS = new Set(['inspect', 'roundtrip']);

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs explains itself at length; its first sentence is the useful part.
    throw new UsageError(`${(error as Error).message.split('. ')[0]} (try --help)`);
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, file, ...extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command "${command}" (try --help)`);
  if (!file) throw new UsageError(`${command} needs a model file`);
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const io = { out: (line: string) => console.log(line) };
  try {
    switch (command) {
      case 'inspect':
        await inspectCommand(file, { json: values.json ?? false }, io);
        return 0;
      case 'roundtrip':
        await roundtripCommand(file, values.output === undefined ? {} : { output: values.output }, io);
        return 0;
    }
    return 2;
  } catch (error) {
    // Name the file: the user may be running over many.
    throw new UsageError(`${file}: ${describeError(error)}`);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bnfold: ${describeError(error)}\n`);
    process.exitCode = 2;
  },
);
