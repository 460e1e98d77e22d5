/**
 * A button that opens a menu of actions: rendered in a portal with fixed position (so a sticky
 * header or a scrolled grid never clips it), arrow keys move between items, Escape or a click
 * outside closes it and focus returns to the button.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  label: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
  /** Shown before the item, e.g. a section title above a group of items. */
  heading?: string;
  checked?: boolean;
}

export function MenuButton({
  label,
  ariaLabel,
  items,
  className = 'icon-button',
  tabIndex,
  align = 'start',
  title,
}: {
  label: ReactNode;
  ariaLabel: string;
  items: MenuItem[] | (() => MenuItem[]);
  className?: string;
  tabIndex?: number;
  align?: 'start' | 'end';
  title?: string;
}) {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ top: number; left: number }>({ top: 0, left: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const list = open ? (typeof items === 'function' ? items() : items) : [];

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  /** Puts the menu under the button (above it when there is no room below); false when the button is out of view. */
  const place = useCallback((): boolean => {
    if (!button.current) return false;
    const r = button.current.getBoundingClientRect();
    if (r.bottom < 0 || r.top > window.innerHeight || r.right < 0 || r.left > window.innerWidth) return false;
    const width = menu.current?.offsetWidth ?? 220;
    const height = menu.current?.offsetHeight ?? 200;
    let left = align === 'end' ? r.right - width : r.left;
    left = Math.max(8, Math.min(left, window.innerWidth - width - 8));
    let top = r.bottom + 4;
    if (top + height > window.innerHeight - 8) top = Math.max(8, r.top - height - 4);
    setPos({ top, left });
    return true;
  }, [align]);

  useLayoutEffect(() => {
    if (!open) return;
    place();
    menu.current?.querySelector<HTMLButtonElement>('[role^="menuitem"]:not([disabled])')?.focus({ preventScroll: true });
  }, [open, place]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) close(false);
    };
    const onScroll = (e: Event) => {
      if (!menu.current?.contains(e.target as Node) && !place()) close(false);
    };
    document.addEventListener('mousedown', onDown);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onScroll);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onScroll);
    };
  }, [open, close, place]);

  const onMenuKey = (e: React.KeyboardEvent) => {
    const buttons = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]:not([disabled])') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = buttons[(at + (e.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length];
      next?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? buttons[0] : buttons[buttons.length - 1])?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    }
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className={className}
        aria-label={ariaLabel}
        title={title ?? ariaLabel}
        aria-haspopup="menu"
        aria-expanded={open}
        tabIndex={tabIndex}
        onClick={(e) => {
          e.stopPropagation();
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            e.stopPropagation();
            setOpen(true);
          }
        }}
      >
        {label}
      </button>
      {open
        ? createPortal(
            <div ref={menu} className="map-menu" role="menu" aria-label={ariaLabel} style={{ top: pos.top, left: pos.left }} onKeyDown={onMenuKey}>
              {list.map((item, i) => (
                <div key={i} role="none">
                  {item.heading ? <div className="map-menu-heading">{item.heading}</div> : null}
                  <button
                    type="button"
                    role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
                    aria-checked={item.checked}
                    className={`map-menu-item${item.danger ? ' danger' : ''}${item.checked ? ' checked' : ''}`}
                    disabled={item.disabled}
                    onClick={(e) => {
                      e.stopPropagation();
                      close(true);
                      item.onSelect();
                    }}
                  >
                    {item.label}
                  </button>
                </div>
              ))}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
