import { useEffect, useRef } from 'react';
import { useAppStore, type AppStore } from '../store/app-store.js';
import { GraphController } from './graph-controller.js';
import { setGraphHandle } from './graph-handle.js';

export interface GraphCanvasProps {
  /** Defaults to the app's bound store. */
  store?: AppStore;
  className?: string;
  /** Accessible name of the canvas region. */
  ariaLabel?: string;
  /** Receives the controller once the graph exists (relayout, fit, exports), and null on unmount. */
  onReady?: (graph: GraphController | null) => void;
}

/**
 * Mounts the graph. The cytoscape instance is made once and lives outside React: the
 * controller subscribes to the store and patches the canvas itself, so React never
 * re-renders it.
 */
export function GraphCanvas({
  store = useAppStore,
  className,
  ariaLabel = 'Network graph',
  onReady,
}: GraphCanvasProps) {
  const ref = useRef<HTMLDivElement>(null);
  const map = useRef<HTMLCanvasElement>(null);
  const ready = useRef(onReady);
  ready.current = onReady;

  useEffect(() => {
    if (ref.current === null) return;
    const graph = new GraphController(ref.current, store, undefined, map.current);
    setGraphHandle(graph);
    ready.current?.(graph);
    return () => {
      ready.current?.(null);
      setGraphHandle(null);
      graph.destroy();
    };
  }, [store]);

  return (
    <>
      <div
        ref={ref}
        className={className ?? 'graph-canvas'}
        role="img"
        aria-label={ariaLabel}
        data-testid="graph-canvas"
      />
      {/* Pointer help only: the keyboard tree and search reach everything it shows. */}
      <canvas ref={map} className="minimap" data-testid="minimap" aria-hidden="true" hidden />
    </>
  );
}
