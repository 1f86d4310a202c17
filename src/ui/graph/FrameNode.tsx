import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FrameFlowNode } from './flow-types.ts';

/** An open name-scope group: a frame around what it holds, titled with its path. Double-click closes it. */
export const FrameNode = memo(function FrameNode({ data }: NodeProps<FrameFlowNode>) {
  const { view } = data;
  return (
    <div className="frame-node" title={`${view.name}: double-click to close`} data-testid="group-frame">
      <div className="frame-title">▾ {view.name}</div>
    </div>
  );
});
