import { Command, Option } from 'commander';
import { isUsableToken } from '../serve/token-rule.js';
import { isLoopbackHost } from '../serve/host-check.js';

export interface ServeArgs {
  host: string;
  port: number;
  allowRemote: boolean;
  /** Clients beyond loopback may change the host too. */
  allowRemoteControl: boolean;
  /** Refuse every control method. */
  readOnly: boolean;
  skipDocker: boolean;
  token: string | undefined;
  /** A topology document to serve instead of the live host. */
  open: string | undefined;
}

/** What commander hands the action; the checks below turn it into ServeArgs. */
export interface ServeOptions {
  host: string;
  port: string;
  allowRemote?: boolean;
  allowRemoteControl?: boolean;
  readOnly?: boolean;
  docker: boolean;
  open?: string;
  token?: string;
}

export const SERVE_SYNOPSIS =
  '[--host 127.0.0.1] [--port 0] [--read-only] [--no-docker] [--open FILE] [--allow-remote [--allow-remote-control]]';

/** Declares `serve`'s options on `cmd`; kept apart from serve-command.ts so `serve --help` loads no server. */
export function defineServeOptions(cmd: Command): Command {
  return cmd
    .usage(SERVE_SYNOPSIS)
    .option('--host <address>', 'address to listen on (beyond loopback only with --allow-remote)', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks any free port', '0')
    .option('--read-only', 'refuse every control method (nothing on the host can be changed)')
    .option('--no-docker', 'do not read the Docker engine (the kernel and firewall views only)')
    .option(
      '--open <file>',
      "serve a saved topology document (netloom snapshot --json, or the UI's Export → JSON) read-only instead of this host; nothing on the host is read, so no root or Docker is needed",
    )
    .option('--allow-remote', 'allow a --host that is not a loopback address')
    .option('--allow-remote-control', 'with --allow-remote: let clients on other machines change the host too')
    .addOption(
      // A fixed token is for tests and scripts that start the server themselves.
      new Option('--token <token>', 'the access token instead of a random one (also NETLOOM_TOKEN)').hideHelp(),
    );
}

/** The checks commander cannot express; a string is the usage error to print. */
export function checkServeArgs(values: ServeOptions, env: NodeJS.ProcessEnv = process.env): ServeArgs | string {
  const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!(port >= 0 && port <= 65535))
    return `--port must be an integer from 0 to 65535 (0: any free port), not "${values.port}"`;
  const host = values.host.trim();
  if (host === '') return '--host must not be empty';
  if (!isLoopbackHost(host) && !values.allowRemote) {
    return `refusing to listen on ${host}: it is not a loopback address; add --allow-remote if other machines should reach Netloom`;
  }
  const token = values.token ?? (env.NETLOOM_TOKEN || undefined);
  if (token !== undefined && !isUsableToken(token)) {
    return 'the token (--token or NETLOOM_TOKEN) must be at least 22 characters of A-Z, a-z, 0-9, "-" and "_"';
  }
  if (values.open !== undefined && values.open.trim() === '') return '--open needs a file name';
  if (values.allowRemoteControl && !values.allowRemote)
    return '--allow-remote-control goes with --allow-remote (on loopback, control is on unless --read-only)';
  return {
    host,
    port,
    allowRemote: values.allowRemote === true,
    allowRemoteControl: values.allowRemoteControl === true,
    readOnly: values.readOnly === true,
    skipDocker: !values.docker,
    token,
    open: values.open,
  };
}

/** Parses and checks `serve`'s arguments alone (for tests and scripts); a string is the usage error. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs | string {
  const cmd = defineServeOptions(new Command('serve'))
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as Error).message.replace(/^error: /, '');
  }
  return checkServeArgs(cmd.opts<ServeOptions>(), env);
}
