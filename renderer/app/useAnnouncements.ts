import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facets } from '../../core/model/types.js';
import { useAppStore } from '../store/app-store.js';
import { ChangeAnnouncer } from './logic/announcer.js';

const SHOWN_MS = 10_000;

const timers = {
  set: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clear: (h: unknown) => clearTimeout(h as number),
};

/**
 * Feeds the store's deltas and connection changes into batched sentences for the polite
 * live region. Subscribes outside React's render so no delta is missed between renders.
 */
export function useAnnouncements(): string {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    // The sentence stays visible in the status bar for a while, then clears so it never goes stale.
    let clear: ReturnType<typeof setTimeout> | undefined;
    const say = (sentence: string): void => {
      setText(sentence);
      clearTimeout(clear);
      clear = setTimeout(() => setText(''), SHOWN_MS);
    };
    const announcer = new ChangeAnnouncer(say, () => tRef.current, timers);
    let facets: Facets | null = useAppStore.getState().topology?.facets ?? null;
    const offDelta = useAppStore.subscribe(
      (s) => s.lastDelta,
      (delta) => {
        if (delta) announcer.add(delta, facets);
        facets = useAppStore.getState().topology?.facets ?? null;
      },
    );
    const offConnection = useAppStore.subscribe(
      (s) => s.connection,
      (now, before) => {
        // Say the connection changed once, not on every failed retry.
        if (now === 'reconnecting' && before === 'live') say(tRef.current('announce.connectionLost'));
        if (now === 'live' && before === 'reconnecting') say(tRef.current('announce.connectionBack'));
      },
    );
    return () => {
      offDelta();
      offConnection();
      announcer.dispose();
      clearTimeout(clear);
    };
  }, []);
  return text;
}
