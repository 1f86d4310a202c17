import { type FormEvent, useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import { parseDims } from './dim-text.ts';

/** ONNX runtimes and the edit itself stop at rank 64 (src/edit/set-input-shape.ts): no field past it. */
export const MAX_SHAPE_FIELDS = 64;

/**
 * A graph input's shape, one field per dim: a size (3) or a symbolic name (N). "Set shape" makes
 * it one `set-input-shape` step; shapes downstream are worked out again by the edit.
 */
export function InputShapeFields({ input, dims }: { input: string; dims: readonly (number | string)[] }) {
  // A hostile file's input of a million dims would be a million fields: said, not drawn.
  if (dims.length > MAX_SHAPE_FIELDS)
    return (
      <p className="muted">
        Rank {dims.length}: past {MAX_SHAPE_FIELDS} dims, the shape is not edited here.
      </p>
    );
  return <ShapeForm input={input} dims={dims} />;
}

function ShapeForm({ input, dims }: { input: string; dims: readonly (number | string)[] }) {
  const [texts, setTexts] = useState(() => dims.map(String));
  const [problem, setProblem] = useState<string>();
  const applyEdit = useAppStore((s) => s.applyEdit);
  const busy = useAppStore((s) => s.busy !== undefined);
  const unchanged = texts.length === dims.length && texts.every((t, i) => t.trim() === String(dims[i]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDims(texts);
    if ('error' in parsed) {
      setProblem(parsed.error);
      return;
    }
    setProblem(undefined);
    void applyEdit({ op: 'set-input-shape', input, dims: parsed.dims });
  };
  return (
    <form onSubmit={submit}>
      <fieldset className="shape-fields" disabled={busy}>
        <legend>Input shape</legend>
        {texts.map((text, i) => (
          <input
            // biome-ignore lint/suspicious/noArrayIndexKey: dims are positional
            key={i}
            type="text"
            className="dim-field"
            aria-label={`Dim ${i + 1}`}
            value={text}
            placeholder="N"
            spellCheck={false}
            onChange={(event) => setTexts(texts.map((t, j) => (j === i ? event.target.value : t)))}
          />
        ))}
        <button
          type="button"
          className="small"
          title="Add a dim"
          disabled={texts.length >= MAX_SHAPE_FIELDS}
          onClick={() => setTexts([...texts, ''])}
        >
          +
        </button>
        <button
          type="button"
          className="small"
          title="Remove the last dim"
          disabled={texts.length === 0}
          onClick={() => setTexts(texts.slice(0, -1))}
        >
          −
        </button>
        <button type="submit" className="small" disabled={unchanged}>
          Set shape
        </button>
      </fieldset>
      {problem && (
        <p role="alert" className="field-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
