import type { NodeMouseHandler, OnNodesChange } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import type { FlowEdge, FlowNode } from '../graph/flow-types.ts';
import { withSelection } from '../graph/to-flow.ts';
import type { MenuPlace } from './NodeContextMenu.tsx';
import { applySelectionChanges } from './selection-changes.ts';

/** Held while clicking, these add a node to the selection or take it out (Shift+drag draws a box). */
export const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];

/** The node menu is about this big: it opens inside the canvas near its right and bottom edges. */
const MENU_SIZE = { width: 200, height: 150 };

/**
 * The canvas's selection of one or more nodes and its node menu. Box select (Shift+drag) and
 * Shift/Ctrl-click reach the store as React Flow's selection changes; a plain click then makes the
 * clicked node the only one, a modified click the one the inspector shows. Right-click on an op
 * opens the node edits, for the selection when the op is in it, else for the op alone.
 */
export function useCanvasSelection(flow: { nodes: FlowNode[]; edges: FlowEdge[] }) {
  const select = useAppStore((s) => s.select);
  const setSelection = useAppStore((s) => s.setSelection);
  const selectedNodes = useAppStore((s) => s.selectedNodes);
  // Marked apart from building the flow: selecting a node must not rebuild thousands of others.
  const nodes = useMemo(() => withSelection(flow.nodes, selectedNodes), [flow, selectedNodes]);
  // Ops, inputs and outputs can be selected; a box over closed groups leaves those out.
  const selectable = useMemo(
    () => new Set(flow.nodes.flatMap((n) => (n.type === 'op' || n.type === 'io' ? [n.id] : []))),
    [flow],
  );
  const [menu, setMenu] = useState<MenuPlace>();
  const closeMenu = useCallback(() => setMenu(undefined), []);

  const onNodesChange: OnNodesChange<FlowNode> = (changes) => {
    const picks = changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected }] : []));
    if (picks.length === 0) return;
    const { selectedNodes: current, selectedNode } = useAppStore.getState();
    void setSelection(
      applySelectionChanges(current, picks, (id) => selectable.has(id)),
      selectedNode,
    );
  };

  const onNodeClick: NodeMouseHandler<FlowNode> = (event, node) => {
    if (node.type === 'scope' || node.type === 'frame') return;
    const { selectedNodes: current } = useAppStore.getState();
    if (event.shiftKey || event.ctrlKey || event.metaKey) {
      if (current.includes(node.id)) void setSelection(current, node.id);
    } else if (current.length !== 1 || current[0] !== node.id) {
      void select(node.id);
    }
  };

  const onNodeContextMenu: NodeMouseHandler<FlowNode> = (event, node) => {
    if (node.type !== 'op') return;
    event.preventDefault();
    if (!useAppStore.getState().selectedNodes.includes(node.id)) void select(node.id);
    const box = (event.currentTarget as Element).closest('.canvas')?.getBoundingClientRect();
    const x = event.clientX - (box?.left ?? 0);
    const y = event.clientY - (box?.top ?? 0);
    setMenu({
      x: Math.max(0, Math.min(x, (box?.width ?? x) - MENU_SIZE.width)),
      y: Math.max(0, Math.min(y, (box?.height ?? y) - MENU_SIZE.height)),
    });
  };

  return { nodes, onNodesChange, onNodeClick, onNodeContextMenu, menu, closeMenu };
}
