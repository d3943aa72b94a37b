import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A toolbar drop-down on <details>: keyboard and screen readers get a native disclosure;
 * this adds closing on Escape and on a click elsewhere.
 */
export function Menu({
  label,
  summary,
  children,
  className,
}: {
  label: string;
  summary: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (e: Event): void => {
      const el = ref.current;
      if (!el?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !el.contains(e.target as Node)) {
        el.open = false;
        if (e instanceof KeyboardEvent) el.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  return (
    <details ref={ref} className={`menu ${className ?? ''}`}>
      <summary className="button" aria-label={label} title={label}>
        {summary}
      </summary>
      <div className="menu-panel">{children}</div>
    </details>
  );
}
