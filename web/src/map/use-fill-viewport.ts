/**
 * Sizes an element to the rest of the window below its top edge, so the map grid scrolls inside
 * itself and its sticky stage headers and lane names stay in view, whatever the shell around it.
 */
import { useLayoutEffect, type RefObject } from 'react';

export function useFillViewport(ref: RefObject<HTMLElement | null>, bottomGap = 12, deps: unknown[] = []): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      let height = Math.max(320, window.innerHeight - top - bottomGap);
      el.style.height = `${height}px`;
      // whatever the shell puts below (padding, a footer): take it off so the page itself does not scroll
      const overflow = document.documentElement.scrollHeight - window.innerHeight;
      if (overflow > 0 && height - overflow >= 320) {
        height -= overflow;
        el.style.height = `${height}px`;
      }
    };
    fit();
    window.addEventListener('resize', fit);
    const observer = new ResizeObserver(fit);
    if (el.parentElement) observer.observe(el.parentElement);
    return () => {
      window.removeEventListener('resize', fit);
      observer.disconnect();
    };
  }, [ref, bottomGap, ...deps]);
}
