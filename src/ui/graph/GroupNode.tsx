import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { GroupFlowNode } from './flow-types.ts';
import { NodeName } from './NodeName.tsx';

/** A closed name-scope group: its name, what it holds, and how many fusible pairs are inside. Double-click opens it. */
export const GroupNode = memo(function GroupNode({ data, selected }: NodeProps<GroupFlowNode>) {
  const { view } = data;
  return (
    <div
      className={`group-node${view.group?.fusible ? ' has-fusible' : ''}${selected ? ' is-selected' : ''}`}
      title={`${view.name}: double-click to open`}
      data-testid="group-node"
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="op-title">
        <span className="op-type">▸ {view.op}</span>
      </div>
      <NodeName name={view.name} cardWidth={view.width} />
      <div className="op-attrs">{view.attributes.join(' · ')}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
