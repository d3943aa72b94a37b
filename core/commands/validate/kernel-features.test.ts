import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture } from '../../testkit/fixtures.js';
import { configValue, driverAvailability, type KernelSources } from './kernel-features.js';

/** This machine: no module support, so /proc/modules is absent and /sys/module lists no link driver. */
const here: KernelSources = {
  config: fixture('kernel/config.txt'),
  procModules: null,
  sysModules: [],
  moduleFiles: [],
};

describe('kernel drivers from the build configuration captured here (fixtures/kernel/config.txt)', () => {
  test('config symbols: built in, not set', () => {
    assert.equal(configValue(here.config ?? '', 'CONFIG_MACVLAN'), 'y');
    assert.equal(configValue(here.config ?? '', 'CONFIG_IPVLAN'), 'n');
    assert.equal(configValue(here.config ?? '', 'CONFIG_NO_SUCH_THING'), null);
  });

  test('macvlan is there; ipvlan, dummy and 8021q are not', () => {
    assert.equal(driverAvailability('macvlan', here), 'yes');
    assert.equal(driverAvailability('ipvlan', here), 'no');
    assert.equal(driverAvailability('dummy', here), 'no');
    assert.equal(driverAvailability('8021q', here), 'no');
  });

  test('a loaded module counts whatever the config says', () => {
    assert.equal(driverAvailability('ipvlan', { ...here, sysModules: ['ipvlan'] }), 'yes');
    assert.equal(driverAvailability('ipvlan', { ...here, procModules: 'ipvlan 36864 0 - Live 0x0\n' }), 'yes');
  });

  test('=m: loadable when its module file exists', () => {
    const config = 'CONFIG_IPVLAN=m\nCONFIG_MODULES=y\n';
    const base = { config, procModules: '', sysModules: [], moduleFiles: [] } satisfies KernelSources;
    assert.equal(driverAvailability('ipvlan', { ...base, moduleFiles: ['ipvlan'] }), 'yes');
    assert.equal(driverAvailability('ipvlan', base), 'unknown');
  });

  test('no configuration to read: unknown unless a module shows', () => {
    const blind = { config: null, procModules: '', sysModules: [], moduleFiles: [] } satisfies KernelSources;
    assert.equal(driverAvailability('ipvlan', blind), 'unknown');
    assert.equal(driverAvailability('ipvlan', { ...blind, moduleFiles: ['ipvlan'] }), 'yes');
  });
});
