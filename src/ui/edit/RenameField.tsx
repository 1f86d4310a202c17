import { type FormEvent, useState } from 'react';
import { useAppStore } from '../../store/index.ts';

/**
 * A graph input's or output's name, edited in place: Enter renames it everywhere it is read or
 * written (one `rename` step); Escape puts the name back. A refused rename leaves the field as
 * typed, so the name can be fixed, and the store's alert says why.
 */
export function RenameField({ value }: { value: string }) {
  const [text, setText] = useState(value);
  const [problem, setProblem] = useState<string>();
  const applyEdit = useAppStore((s) => s.applyEdit);
  const busy = useAppStore((s) => s.busy !== undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const to = text.trim();
    if (to === value) return;
    if (to === '') {
      setProblem('A name cannot be empty.');
      return;
    }
    setProblem(undefined);
    void applyEdit({ op: 'rename', value, to });
  };
  return (
    <form className="rename-field" onSubmit={submit}>
      <input
        type="text"
        aria-label="Rename"
        value={text}
        disabled={busy}
        spellCheck={false}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            setText(value);
            setProblem(undefined);
          }
        }}
        title="Type a new name and press Enter"
      />
      {problem && (
        <span role="alert" className="field-problem">
          {problem}
        </span>
      )}
    </form>
  );
}
