import { type FormEvent, useState } from 'react';
import type { NodeDetails } from '../../store/index.ts';
import { useAppStore } from '../../store/index.ts';
import { attributeText, parseAttribute } from './attribute-text.ts';

type Attribute = NodeDetails['attributes'][number];

/**
 * One attribute of the inspected node, edited in place as text read by the attribute's type:
 * Enter makes it a `set-attribute` step, Escape puts the value back. Text that is not a value of
 * that type is refused here with a sentence, and nothing is sent. Attributes a text field cannot
 * hold exactly (graphs, huge lists) are shown as before.
 */
export function AttributeField({ attribute, node }: { attribute: Attribute; node: string | undefined }) {
  const { editable } = attribute;
  const original = editable ? attributeText(editable.type, editable.value) : '';
  const [text, setText] = useState(original);
  const [problem, setProblem] = useState<string>();
  const applyEdit = useAppStore((s) => s.applyEdit);
  const busy = useAppStore((s) => s.busy !== undefined);
  if (!editable || node === undefined) return <dd>{attribute.value}</dd>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text === original) return;
    const parsed = parseAttribute(attribute.name, editable.type, text, editable.value);
    if ('error' in parsed) {
      setProblem(parsed.error);
      return;
    }
    setProblem(undefined);
    void applyEdit({ op: 'set-attribute', node, name: attribute.name, value: parsed.value, type: editable.type });
  };
  return (
    <dd>
      <form onSubmit={submit} className="attribute-form">
        <input
          type="text"
          aria-label={`Attribute ${attribute.name}`}
          title={`${editable.type}: press Enter to set it, Escape to put it back`}
          value={text}
          disabled={busy}
          spellCheck={false}
          aria-invalid={problem !== undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setText(original);
              setProblem(undefined);
            }
          }}
        />
        {problem && (
          <span role="alert" className="field-problem">
            {problem}
          </span>
        )}
      </form>
    </dd>
  );
}
