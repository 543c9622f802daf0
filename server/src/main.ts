import { destination, pino, type Logger } from 'pino';
import { startController } from './controller.js';
import { runMaintenance } from './db/backup.js';
import { verifyAuditChain } from './modules/audit/audit-verify-command.js';
import { DatabaseTooNewError } from './db/migrate.js';
import { VERSION } from './lib/version.js';
import { promptForOwner } from './modules/owner/owner-prompt.js';
import { helpText, OptionError, parseCommand } from './options.js';

export interface MainIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'];

/**
 * The `telegraf-controller` command. Returns the exit code: 0 after a clean shutdown, 2 for a bad option
 * (one line on stderr naming the option and the rule), 1 when start-up fails for another reason.
 */
export async function main(argv: readonly string[], io: MainIo = processIo()): Promise<number> {
  let command;
  try {
    command = parseCommand({ argv, env: io.env, cwd: io.cwd });
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    io.stderr.write(`telegraf-controller: ${error.message}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(helpText());
    return 0;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command.kind === 'backup' || command.kind === 'restore') {
    try {
      io.stdout.write(`${await runMaintenance(command.kind, command.file, command.options.database)}\n`);
      return 0;
    } catch (error) {
      const message =
        error instanceof OptionError ? error.message : `${command.kind} failed: ${(error as Error).message}`;
      io.stderr.write(`telegraf-controller: ${message}\n`);
      return error instanceof OptionError ? 2 : 1;
    }
  }
  if (command.kind === 'audit-verify') {
    try {
      const report = await verifyAuditChain(command.options, command.heads);
      (report.ok ? io.stdout : io.stderr).write(`${report.text}\n`);
      return report.ok ? 0 : 1;
    } catch (error) {
      io.stderr.write(`telegraf-controller: audit verify failed: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const logger = pino({ level: command.options.logLevel, redact: REDACT }, destination({ dest: 1, sync: false }));
  const { options } = command;
  const interactive = !options.noInteractive && process.stdin.isTTY === true;
  let controller;
  try {
    controller = await startController(options, logger, {
      prompt: interactive ? (check) => promptForOwner(process.stdin, process.stdout, check) : undefined,
    });
  } catch (error) {
    if (error instanceof OptionError) {
      io.stderr.write(`telegraf-controller: ${error.message}\n`);
      logger.flush();
      return 2;
    }
    logStartupFailure(logger, error);
    logger.flush();
    return 1;
  }
  // SIGHUP: a rotated certificate is read again, without dropping a connection.
  const reload = () => void controller.reloadTls();
  process.on('SIGHUP', reload);
  const signal = await waitForSignal();
  process.off('SIGHUP', reload);
  logger.info({ signal }, 'shutting down');
  await controller.close();
  logger.info('stopped');
  logger.flush();
  return 0;
}

function logStartupFailure(logger: Logger, error: unknown): void {
  if (error instanceof DatabaseTooNewError) {
    logger.fatal(error.message);
    return;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    logger.fatal(`cannot listen: ${(error as Error).message}`);
    return;
  }
  logger.fatal({ err: error }, `start-up failed: ${(error as Error).message}`);
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      // A second signal while shutting down stops at once.
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

function processIo(): MainIo {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}
