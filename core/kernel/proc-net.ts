import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * The sockets bound on the host, read from /proc/net/{tcp,tcp6,udp,udp6} — the files of the
 * reading process's own network namespace, which for Netloom is the host's (it runs there,
 * like `netloom-nsdump` finds it through /proc/self/ns/net). No process is started: these
 * are the kernel's own tables, the same ones `ss -ltnu` prints.
 */

export interface HostSocket {
  proto: 'tcp' | 'udp';
  /** 4 or 6: which table it came from. An IPv4-mapped address (::ffff:a.b.c.d) is still family 6. */
  family: 4 | 6;
  /** The local address as text: `0.0.0.0`, `127.0.0.1`, `::`, `::1`, `::ffff:127.0.0.1`. */
  address: string;
  port: number;
  /** The socket's inode, to find the process holding it (/proc/PID/fd → socket:[inode]). */
  inode: number;
}

/** TCP_LISTEN in the kernel's tcp_states.h, as /proc/net/tcp writes it. */
const TCP_LISTEN = '0A';

/** An IPv4 address as /proc/net/tcp writes it: 8 hex digits, the bytes in host (little-endian) order. */
function hexToIPv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

/** An IPv6 address: 32 hex digits, four 32-bit words each in host order. */
function hexToIPv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(Number.parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // The longest run of zero groups becomes '::' (RFC 5952).
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/**
 * Parses one of the four tables. TCP sockets count only while listening (a connection
 * shares its listener's port); every UDP socket holds its port.
 */
export function parseProcNet(text: string, proto: 'tcp' | 'udp', family: 4 | 6): HostSocket[] {
  const out: HostSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local = '', state = '', inode = ''] = [f[1], f[3], f[9]];
    if (proto === 'tcp' && state !== TCP_LISTEN) continue;
    const [addrHex = '', portHex = ''] = local.split(':');
    const port = Number.parseInt(portHex, 16);
    if (!Number.isInteger(port) || port === 0) continue;
    const address = family === 4 ? hexToIPv4(addrHex) : hexToIPv6(addrHex);
    out.push({ proto, family, address, port, inode: Number(inode) });
  }
  return out;
}

const TABLES = [
  ['tcp', 'tcp', 4],
  ['tcp6', 'tcp', 6],
  ['udp', 'udp', 4],
  ['udp6', 'udp', 6],
] as const;

/** Every bound socket of the host namespace; a table that cannot be read (no IPv6) is skipped. */
export async function readHostSockets(root = '/proc/self/net'): Promise<HostSocket[]> {
  const tables = await Promise.all(
    TABLES.map(async ([file, proto, family]) => {
      const text = await readFile(`${root}/${file}`, 'utf8').catch(() => '');
      return parseProcNet(text, proto, family);
    }),
  );
  return tables.flat();
}

export interface SocketOwner {
  pid: number;
  /** The process's name (/proc/PID/comm). */
  command: string;
  /** The 64-hex id of the container the process runs in, when its cgroup names one. */
  containerId: string | null;
}

/** The container id a /proc/PID/cgroup names (`docker-<id>.scope`, `/docker/<id>`), if any. */
export function containerIdOfCgroup(text: string): string | null {
  return /(?:docker[-/])([0-9a-f]{64})/.exec(text)?.[1] ?? null;
}

/**
 * Who holds a socket: the first process with a descriptor on it. Scans /proc/PID/fd,
 * which is only done after a port was found taken, to name the holder in the message.
 */
export async function findSocketOwner(inode: number, proc = '/proc'): Promise<SocketOwner | null> {
  const want = `socket:[${inode}]`;
  const pids = (await readdir(proc).catch(() => [] as string[])).filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    const fds = await readdir(`${proc}/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`${proc}/${pid}/fd/${fd}`).catch(() => '')) !== want) continue;
      const [comm, cgroup] = await Promise.all([
        readFile(`${proc}/${pid}/comm`, 'utf8').catch(() => '?'),
        readFile(`${proc}/${pid}/cgroup`, 'utf8').catch(() => ''),
      ]);
      return { pid: Number(pid), command: comm.trim(), containerId: containerIdOfCgroup(cgroup) };
    }
  }
  return null;
}
