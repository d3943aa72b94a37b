import assert from 'node:assert/strict';
import { validateAction, type ValidationContext } from '../commands/validate/validate-action.js';
import { connectDocker, type DockerConnection } from '../docker/client.js';
import type { ActionMethodName, ParamsOf, Warning } from '../protocol/commands.js';
import { CommandError } from '../protocol/server.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { docker, sh } from './test-host.js';

/**
 * For the validation rules' integration tests: a context read from the real host, a
 * check that a request is refused with the expected code, field and rule, and a
 * fingerprint of the test's own resources taken with docker and ip (not with Netloom) to
 * show that validating changed nothing.
 */

export class ValidationHost {
  private conn: DockerConnection | null = null;
  private ctx: ValidationContext | null = null;

  constructor(private readonly prefix: string) {}

  /**
   * A context over a snapshot, taken once until `changed()`: the rules ask the engine
   * itself for Docker's facts, so only a change to the kernel (links, routes) needs a new one.
   */
  async context(): Promise<ValidationContext> {
    this.conn ??= await connectDocker();
    this.ctx ??= { docker: this.conn, topology: (await takeSnapshot({ docker: this.conn })).topology };
    return this.ctx;
  }

  /** The host changed under the test: the next validation reads a new snapshot. */
  changed(): void {
    this.ctx = null;
  }

  async validate<M extends ActionMethodName>(method: M, params: ParamsOf<M>): Promise<Warning[]> {
    return validateAction(await this.context(), method, params);
  }

  /** Validates and expects a refusal; answers the error for further checks. */
  async refused<M extends ActionMethodName>(
    method: M,
    params: ParamsOf<M>,
    want: { code: 'bad-request' | 'conflict'; field: string; rule: string },
  ): Promise<{ message: string; details: Record<string, unknown> }> {
    const before = await this.fingerprint();
    let error: CommandError | null = null;
    try {
      await this.validate(method, params);
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      error = err;
    }
    assert.ok(error, `${method} ${JSON.stringify(params)} was not refused`);
    const details = error.error.details ?? {};
    assert.deepEqual(
      { code: error.error.code, field: details.field, rule: details.rule },
      want,
      `refusal was: ${error.error.code} ${JSON.stringify(details)} ${error.message}`,
    );
    assert.match(error.message, /\S/);
    assert.equal(await this.fingerprint(), before, 'validation changed the host');
    return { message: error.message, details };
  }

  /** Validates, expects no refusal, and answers the warning codes. */
  async allowed<M extends ActionMethodName>(method: M, params: ParamsOf<M>): Promise<string[]> {
    const before = await this.fingerprint();
    const warnings = await this.validate(method, params);
    assert.equal(await this.fingerprint(), before, 'validation changed the host');
    return warnings.map((w) => w.code);
  }

  /** The prefix's containers, networks and links as docker and ip print them. */
  async fingerprint(): Promise<string> {
    const [containers, networks, links] = await Promise.all([
      docker(
        'ps',
        '-a',
        '--filter',
        `name=^/${this.prefix}`,
        '--format',
        '{{.Names}} {{.State}} {{.Networks}} {{.Ports}}',
      ),
      docker('network', 'ls', '--filter', `name=^${this.prefix}`, '--format', '{{.Name}} {{.ID}}'),
      sh('ip', ['-o', 'link', 'show']),
    ]);
    const mine = links
      .split('\n')
      .filter((l) => l.includes(this.prefix))
      .map((l) => l.replace(/^\d+:\s*/, '').split(' ')[0])
      .sort();
    return [containers.split('\n').sort().join('\n'), networks.split('\n').sort().join('\n'), mine.join(' ')].join(
      '\n--\n',
    );
  }

  close(): void {
    this.conn?.close();
  }
}

/** A veth pair made for a test (never a real NIC): `a` is the end a test may use as a parent. */
export async function makeVethPair(a: string, b: string, addr?: string): Promise<void> {
  await sh('ip', ['link', 'add', a, 'type', 'veth', 'peer', 'name', b]);
  await sh('ip', ['link', 'set', a, 'up']);
  await sh('ip', ['link', 'set', b, 'up']);
  if (addr) await sh('ip', ['addr', 'add', addr, 'dev', a]);
}
