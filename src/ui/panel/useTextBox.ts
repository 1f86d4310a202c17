import { type RefObject, useEffect, useMemo, useState } from 'react';

export type Measure = (text: string) => number;

/**
 * The inner size of an element, kept up to date, and a function that measures a text's width in
 * the element's font. Measuring on a canvas costs no layout, so each row of a long list can fit
 * its text to the pixel without asking the DOM.
 */
export function useTextBox(ref: RefObject<HTMLElement | null>): { width: number; height: number; measure: Measure } {
  const [box, setBox] = useState({ width: 0, height: 0, font: '' });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      const style = getComputedStyle(element);
      const font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const { clientWidth: width, clientHeight: height } = element;
      setBox((old) =>
        old.width === width && old.height === height && old.font === font ? old : { width, height, font },
      );
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  const measure = useMemo(() => canvasMeasure(box.font), [box.font]);
  return { width: box.width, height: box.height, measure };
}

function canvasMeasure(font: string): Measure {
  const context = document.createElement('canvas').getContext('2d');
  if (context) context.font = font;
  // Rows re-render on every scroll step with mostly the same texts.
  const cache = new Map<string, number>();
  return (text) => {
    let width = cache.get(text);
    if (width === undefined) {
      // Without a 2D context (it can be disabled), a generous guess per character.
      width = context ? context.measureText(text).width : text.length * 8;
      cache.set(text, width);
    }
    return width;
  };
}
