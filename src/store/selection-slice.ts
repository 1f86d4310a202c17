import type { StateCreator } from 'zustand';
import { callWorker } from './run.ts';
import type { AppState, SelectionSlice } from './types.ts';

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selectedNode: undefined,
  selectedNodes: [],
  details: undefined,
  focusRequest: undefined,

  select(nodeId) {
    return get().setSelection(nodeId ? [nodeId] : [], nodeId);
  },

  async setSelection(nodeIds, primary) {
    const nodeId = primary !== undefined && nodeIds.includes(primary) ? primary : nodeIds[0];
    // The same node again (shift-click, or after an edit) keeps its details shown while they are read anew.
    const same = nodeId === get().selectedNode;
    set({ selectedNodes: nodeIds, selectedNode: nodeId, ...(same ? {} : { details: undefined }) });
    if (!nodeId) return;
    const response = await callWorker(set, 'details', { nodeId });
    // A later selection may have replaced this one while the worker answered.
    if (get().selectedNode === nodeId) set({ details: response?.details });
  },

  async detailsOf(nodeId) {
    const response = await callWorker(set, 'details', { nodeId });
    return response?.details;
  },

  async focusNode(nodeId) {
    if (!get().snapshot?.view.nodes.some((n) => n.id === nodeId)) {
      const response = await callWorker(set, 'reveal', { nodeId });
      if (response) set({ snapshot: response.snapshot });
    }
    set({ focusRequest: { nodeId, serial: (get().focusRequest?.serial ?? 0) + 1 } });
    void get().select(nodeId);
  },

  async drawAll() {
    if (get().busy) return;
    set({ busy: 'Laying out every node…' });
    try {
      const response = await callWorker(set, 'drawAll', {});
      if (response) set({ snapshot: response.snapshot });
    } finally {
      set({ busy: undefined });
    }
  },

  async toggleGroup(groupId) {
    if (get().busy) return;
    set({ busy: 'Laying out…' });
    try {
      const response = await callWorker(set, 'toggleGroup', { groupId });
      if (response) set({ snapshot: response.snapshot });
    } finally {
      set({ busy: undefined });
    }
  },

  async tidyLayout() {
    if (!get().snapshot || get().busy) return;
    set({ busy: 'Tidying the layout…' });
    try {
      const response = await callWorker(set, 'tidy', {});
      if (response) set({ snapshot: response.snapshot });
    } finally {
      set({ busy: undefined });
    }
  },
});
