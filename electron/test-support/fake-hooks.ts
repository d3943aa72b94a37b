import type { ResolveHook } from 'node:module';

/**
 * Module hooks for main.test.ts: Electron's binary cannot run here, so `electron` resolves
 * to a recording fake, and the live core main's createCore starts to a fake source (the real one reads the host).
 */
export const resolve: ResolveHook = async (specifier, context, next) => {
  if (specifier === 'electron') {
    return { url: new URL('./fake-electron.js', import.meta.url).href, shortCircuit: true };
  }
  if (specifier.endsWith('/live/live-topology.js') && context.parentURL?.endsWith('/core/commands/core.js')) {
    return { url: new URL('./fake-live.js', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
};
