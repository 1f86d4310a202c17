import { useAppStore } from '../../store/index.ts';
import { applyInTurn } from './apply-in-turn.ts';
import { extractionOf } from './extraction.ts';
import { nodeRefs, selectedOps } from './node-ref.ts';

export type NodeActionName = 'Delete node' | 'Delete with downstream' | 'Make output' | 'Extract selection';

export interface NodeAction {
  name: NodeActionName;
  /** Why it cannot be done now, shown on hover; undefined when it can. */
  unavailable: string | undefined;
  run: () => Promise<void>;
}

/** The op node with view id `id` in the current model, and how an edit names it. */
function currentRef(id: string): string | undefined {
  const view = useAppStore.getState().snapshot?.view;
  const node = view?.nodes.find((n) => n.id === id);
  return view && node ? nodeRefs(view)(node) : undefined;
}

/**
 * The edits the context menu and the inspector offer for the selected op nodes (graph inputs,
 * outputs and groups are not nodes to delete). On several nodes each deletion is its own step,
 * the last in the graph first, so that a node is gone before the one feeding it is asked to go.
 */
export function useNodeActions(): NodeAction[] {
  const view = useAppStore((s) => s.snapshot?.view);
  const selectedNodes = useAppStore((s) => s.selectedNodes);
  const busy = useAppStore((s) => s.busy !== undefined || s.loading !== undefined);
  const ops = view ? selectedOps(view, selectedNodes) : [];
  const ids = ops.map((n) => n.id);
  const none = ops.length === 0 ? 'Select one or more nodes first.' : undefined;
  const idle = busy ? 'Busy with the model.' : undefined;

  const remove = (downstream: boolean) => () =>
    applyInTurn(
      [...ids].reverse().map((id) => () => {
        const node = currentRef(id);
        return node ? { op: 'delete-node', node, ...(downstream ? { downstream: true } : {}) } : undefined;
      }),
    );

  const makeOutputs = async () => {
    const { details, detailsOf } = useAppStore.getState();
    const values: string[] = [];
    for (const id of ids) {
      const d = details?.id === id ? details : await detailsOf(id);
      for (const output of d?.outputs ?? []) if (output.name) values.push(output.name);
    }
    const outputs = useAppStore.getState().snapshot?.summary.outputs ?? [];
    if (values.every((value) => outputs.some((o) => o.name === value))) {
      // Nothing to add: say so rather than leave the click without an answer.
      useAppStore.setState({
        notice:
          values.length === 1
            ? `"${values[0]}" is a graph output already.`
            : `The selected nodes' outputs are graph outputs already (${values.join(', ')}).`,
      });
      return;
    }
    await applyInTurn(
      values.map(
        (value) => (snapshot) =>
          snapshot.summary.outputs.some((o) => o.name === value) ? undefined : { op: 'add-output', value },
      ),
    );
  };

  const extraction = view ? extractionOf(new Set(ids), view.edges) : { inputs: [], outputs: [] };
  const extract = () => applyInTurn([() => ({ op: 'extract', ...extraction })]);

  return [
    { name: 'Delete node', unavailable: none ?? idle, run: remove(false) },
    { name: 'Delete with downstream', unavailable: none ?? idle, run: remove(true) },
    { name: 'Make output', unavailable: none ?? idle, run: makeOutputs },
    {
      name: 'Extract selection',
      unavailable:
        none ??
        (extraction.outputs.length === 0
          ? 'Nothing leaves the selection: no node outside reads its values and it makes no graph output.'
          : idle),
      run: extract,
    },
  ];
}
