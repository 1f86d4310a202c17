import './edit.css';
import { useAppStore } from '../../store/index.ts';
import { selectedOps } from './node-ref.ts';
import { useNodeActions } from './useNodeActions.ts';

/** The node edits as buttons, in the inspector: for the selected node, or every selected node. */
export function NodeActionButtons() {
  const actions = useNodeActions();
  const view = useAppStore((s) => s.snapshot?.view);
  const selectedNodes = useAppStore((s) => s.selectedNodes);
  const count = view ? selectedOps(view, selectedNodes).length : 0;
  return (
    <fieldset className="node-actions" aria-label="Edit the selection">
      {count > 1 && <p className="muted">{count} nodes selected</p>}
      {actions.map((action) => (
        <button
          key={action.name}
          type="button"
          className="small"
          disabled={action.unavailable !== undefined}
          title={action.unavailable}
          onClick={() => void action.run()}
        >
          {action.name}
        </button>
      ))}
    </fieldset>
  );
}
