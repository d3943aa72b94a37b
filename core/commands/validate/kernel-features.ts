import { access, readFile } from 'node:fs/promises';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';

/**
 * Which link drivers the kernel has, told without starting a process or changing
 * anything. A driver built in without parameters leaves no trace in /sys/module (this
 * kernel's macvlan does not), so the kernel's own build configuration is the authority
 * when it can be read (/proc/config.gz, or /boot/config-<release>); a loaded module
 * (/sys/module, /proc/modules) or a module file the kernel can load on demand also counts.
 */

/** The link drivers Docker's network drivers need: ipvlan, macvlan, dummy (a parent when none is given), 8021q (`eth0.10` parents). */
export type LinkDriver = 'ipvlan' | 'macvlan' | 'dummy' | '8021q';

const CONFIG_SYMBOL: Record<LinkDriver, string> = {
  ipvlan: 'CONFIG_IPVLAN',
  macvlan: 'CONFIG_MACVLAN',
  dummy: 'CONFIG_DUMMY',
  '8021q': 'CONFIG_VLAN_8021Q',
};

/** Where the module file sits under /lib/modules/<release>/kernel. */
const MODULE_PATH: Record<LinkDriver, string> = {
  ipvlan: 'drivers/net/ipvlan/ipvlan.ko',
  macvlan: 'drivers/net/macvlan.ko',
  dummy: 'drivers/net/dummy.ko',
  '8021q': 'net/8021q/8021q.ko',
};

export type Availability = 'yes' | 'no' | 'unknown';

export interface KernelSources {
  /** The build configuration's text, or null when neither /proc/config.gz nor /boot/config-* is readable. */
  config: string | null;
  /** /proc/modules, or null when the kernel has no module support (the file is absent). */
  procModules: string | null;
  /** Names under /sys/module that were asked about and exist. */
  sysModules: readonly string[];
  /** Drivers whose module file exists under /lib/modules/<release>. */
  moduleFiles: readonly LinkDriver[];
}

/** `y`, `m`, `n` (is not set) or null (not mentioned) for one config symbol. */
export function configValue(config: string, symbol: string): 'y' | 'm' | 'n' | null {
  for (const line of config.split('\n')) {
    if (line === `# ${symbol} is not set`) return 'n';
    if (line.startsWith(`${symbol}=`)) {
      const v = line.slice(symbol.length + 1);
      return v === 'y' || v === 'm' ? v : 'n';
    }
  }
  return null;
}

export function driverAvailability(driver: LinkDriver, src: KernelSources): Availability {
  if (src.sysModules.includes(driver)) return 'yes';
  if (src.procModules !== null && new RegExp(`^${driver} `, 'm').test(src.procModules)) return 'yes';
  const v = src.config === null ? null : configValue(src.config, CONFIG_SYMBOL[driver]);
  if (v === 'y') return 'yes';
  if (v === 'm') return src.moduleFiles.includes(driver) ? 'yes' : src.procModules === null ? 'no' : 'unknown';
  if (v === 'n') return 'no';
  return src.moduleFiles.includes(driver) ? 'yes' : 'unknown';
}

export interface KernelFeatures {
  release: string;
  has(driver: LinkDriver): Availability;
}

const DRIVERS = Object.keys(CONFIG_SYMBOL) as LinkDriver[];

export async function readKernelSources(release = os.release()): Promise<KernelSources> {
  const exists = (p: string): Promise<boolean> =>
    access(p).then(
      () => true,
      () => false,
    );
  const gz = await readFile('/proc/config.gz').catch(() => null);
  const config = gz
    ? gunzipSync(gz).toString('utf8')
    : await readFile(`/boot/config-${release}`, 'utf8').catch(() => null);
  const procModules = await readFile('/proc/modules', 'utf8').catch(() => null);
  const sys = await Promise.all(DRIVERS.map(async (d) => ((await exists(`/sys/module/${d}`)) ? d : null)));
  // Distributions compress modules differently (Debian: none or .xz, Ubuntu: .zst).
  const moduleFile = async (d: LinkDriver): Promise<boolean> =>
    (
      await Promise.all(
        ['', '.xz', '.zst', '.gz'].map((ext) => exists(`/lib/modules/${release}/kernel/${MODULE_PATH[d]}${ext}`)),
      )
    ).some(Boolean);
  const files = await Promise.all(DRIVERS.map(async (d) => ((await moduleFile(d)) ? d : null)));
  return {
    config,
    procModules,
    sysModules: sys.filter((d): d is LinkDriver => d !== null),
    moduleFiles: files.filter((d): d is LinkDriver => d !== null),
  };
}

export async function readKernelFeatures(): Promise<KernelFeatures> {
  const release = os.release();
  const src = await readKernelSources(release);
  return { release, has: (d) => driverAvailability(d, src) };
}
