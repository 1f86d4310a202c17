import { type ReactNode, useRef, useState } from 'react';
import { type ListLine, lineKey, visibleRange } from './list-window.ts';
import { type Measure, useTextBox } from './useTextBox.ts';

/** The height of every line, as candidate-list.css sets it: equal heights make windowing exact. */
export const LINE_HEIGHT = 24;
/** Lines kept in the DOM beyond each edge, so a quick scroll does not show blank space. */
const OVERSCAN = 8;

interface CandidateWindowProps {
  lines: readonly ListLine[];
  renderLine: (line: ListLine, width: number, measure: Measure) => ReactNode;
}

/**
 * A scrolled list of equal-height lines that puts in the DOM only those in view (and a few
 * more): the 10,000-node model's 2,500 candidates are a few dozen elements.
 */
export function CandidateWindow({ lines, renderLine }: CandidateWindowProps) {
  const viewport = useRef<HTMLUListElement>(null);
  const { width, height, measure } = useTextBox(viewport);
  const [scrollTop, setScrollTop] = useState(0);
  // Every line's height, capped by candidate-list.css (a share of the window's height): past
  // that the list scrolls inside itself, and the panel's other sections stay near.
  const fullHeight = lines.length * LINE_HEIGHT;
  const { start, end } = visibleRange(scrollTop, height || fullHeight, LINE_HEIGHT, lines.length, OVERSCAN);
  return (
    <ul
      ref={viewport}
      className="cand-viewport"
      aria-label="Candidate pairs"
      style={{ height: fullHeight }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <li className="cand-spacer" aria-hidden="true" style={{ height: fullHeight }} />
      {width > 0 &&
        lines.slice(start, end).map((line, i) => (
          <li
            key={lineKey(line)}
            className="cand-line"
            style={{ top: (start + i) * LINE_HEIGHT }}
            aria-setsize={lines.length}
            aria-posinset={start + i + 1}
          >
            {renderLine(line, width, measure)}
          </li>
        ))}
    </ul>
  );
}
