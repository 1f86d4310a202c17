import { memo, useMemo, useState } from 'react';
import { useAppStore } from '../store/index.ts';

const MAX_RESULTS = 20;

/** Finds nodes by name or op type; choosing one brings it into view and selects it. */
export const SearchBox = memo(function SearchBox() {
  const nodes = useAppStore((s) => s.snapshot?.view.search);
  const focusNode = useAppStore((s) => s.focusNode);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q || !nodes) return [];
    const found = [];
    for (const n of nodes) {
      if (n.name.toLowerCase().includes(q) || n.op.toLowerCase().includes(q)) found.push(n);
      if (found.length > MAX_RESULTS) break;
    }
    return found;
  }, [query, nodes]);
  const choose = (id: string) => {
    void focusNode(id);
    setQuery('');
  };
  return (
    <div className="search">
      <input
        type="search"
        placeholder="Search nodes (name or op)"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches[0]) choose(matches[0].id);
          if (e.key === 'Escape') setQuery('');
        }}
      />
      {matches.length > 0 && (
        <ul className="search-results" aria-label="Search results">
          {matches.slice(0, MAX_RESULTS).map((n) => (
            <li key={n.id}>
              <button type="button" className="link" onClick={() => choose(n.id)}>
                <strong>{n.op}</strong> {n.name}
              </button>
            </li>
          ))}
          {matches.length > MAX_RESULTS && <li className="muted">more…</li>}
        </ul>
      )}
    </div>
  );
});
