import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { IoFlowNode } from './flow-types.ts';

/** A graph input or output: its name and type. */
export const IoNode = memo(function IoNode({ data, selected }: NodeProps<IoFlowNode>) {
  const { view } = data;
  return (
    <div className={`io-node io-${view.kind}${selected ? ' is-selected' : ''}`}>
      {view.kind === 'output' && <Handle type="target" position={Position.Top} isConnectable={false} />}
      <div className="op-type">{view.op}</div>
      <div className="op-name">{view.name}</div>
      <div className="op-attrs">{view.attributes[0]}</div>
      {view.kind === 'input' && <Handle type="source" position={Position.Bottom} isConnectable={false} />}
    </div>
  );
});
