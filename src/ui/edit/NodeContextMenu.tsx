import './edit.css';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useNodeActions } from './useNodeActions.ts';

export interface MenuPlace {
  /** Where the menu opens, in pixels from the canvas's top left corner. */
  x: number;
  y: number;
}

/**
 * The right-click menu on the canvas's nodes: the node edits for the selection. It takes the
 * focus when it opens; arrows move between items, Escape or a click elsewhere closes it.
 */
export function NodeContextMenu({ place, onClose }: { place: MenuPlace; onClose: () => void }) {
  const actions = useNodeActions();
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    const closeOutside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', closeOutside, true);
    return () => window.removeEventListener('pointerdown', closeOutside, true);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
    next?.focus();
  };

  return (
    <div
      ref={menu}
      role="menu"
      aria-label="Node edits"
      className="node-menu"
      style={{ left: place.x, top: place.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {actions.map((action) => (
        <button
          key={action.name}
          type="button"
          role="menuitem"
          disabled={action.unavailable !== undefined}
          title={action.unavailable}
          onClick={() => {
            onClose();
            void action.run();
          }}
        >
          {action.name}
        </button>
      ))}
    </div>
  );
}
