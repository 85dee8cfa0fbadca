// --open: the default browser at the served URL, through the platform's opener (xdg-open, open, `cmd /c start`).
// Detached and unreferenced, so it never blocks serving nor keeps the CLI alive; a missing opener is a warning.
// RAW_HTTP_SERVER_OPEN_COMMAND names another program to run with the URL as its one argument (tests use it).
// node:child_process is loaded only then: it costs ~3 ms of every start, and most starts open nothing.

export const OPEN_COMMAND_ENV = 'RAW_HTTP_SERVER_OPEN_COMMAND';

/** The program and arguments that open `url` on this platform (or the override from the environment). */
export function openerFor(url: string, platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } {
  const override = env[OPEN_COMMAND_ENV];
  if (override) {
    return { command: override, args: [url] };
  }
  if (platform === 'win32') {
    // `start` takes its first quoted argument as the window title: give it an empty one.
    return { command: 'cmd', args: ['/c', 'start', '""', url] };
  }
  return { command: platform === 'darwin' ? 'open' : 'xdg-open', args: [url] };
}

/** Starts the opener and returns at once; `onError` hears why it could not run (e.g. no xdg-open installed). */
export function openBrowser(url: string, onError: (message: string) => void): void {
  const { command, args } = openerFor(url);
  const failed = (error: unknown): void => onError(`could not open a browser (${command}): ${error instanceof Error ? error.message : String(error)}`);
  import('node:child_process').then(({ spawn }) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: command === 'cmd' });
    child.once('error', failed);
    child.unref();
  }).catch(failed);
}
