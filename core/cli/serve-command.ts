/** `netloom serve [--host H] [--port P] [--allow-remote] [--no-docker]`; returns the exit code. */
export async function serveCommand(_argv: string[]): Promise<number> {
  throw new Error('not yet implemented');
}
