import { Handle, type NodeProps, Position, useStore } from '@xyflow/react';
import { type CSSProperties, memo } from 'react';
import { MAX_CHIPS as MAX_CHIPS_SHOWN } from '../../layout/constants.ts';
import type { TensorChip } from '../../layout/types.ts';
import { useAppStore } from '../../store/index.ts';
import { cutFromLeft } from '../format.ts';
import { type OpFlowNode, SIMPLE_BELOW_ZOOM } from './flow-types.ts';
import { NodeName } from './NodeName.tsx';
import { CHIP_CHAR_WIDTH, nameBudget } from './shorten-name.ts';
import { useNodeHeat } from './useNodeHeat.ts';

const zoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < SIMPLE_BELOW_ZOOM;

/**
 * A weight's name on its chip, cut like node names so that its end ("….conv.0.0.weight_fused")
 * stays: the chip shares its line with the tensor's type.
 */
function chipName(chip: TensorChip, cardWidth: number): string {
  return cutFromLeft(chip.name, nameBudget(cardWidth, CHIP_CHAR_WIDTH) - chip.type.length - 1);
}

/** An operator: op type, name, main attributes, weight chips; fusion state as a class and a badge. */
export const OpNode = memo(function OpNode({ data, selected }: NodeProps<OpFlowNode>) {
  const { view } = data;
  const simple = useStore(zoomedOut);
  const fuse = useAppStore((s) => s.fuse);
  const busy = useAppStore((s) => s.busy);
  const heat = useNodeHeat(view.id);
  const classes = [
    'op-node',
    view.status ? `is-${view.status}` : '',
    view.fusedCount ? 'is-fused' : '',
    selected ? 'is-selected' : '',
    heat ? 'has-heat' : '',
    heat?.first ? 'is-first-divergence' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const title = view.reason
    ? `Blocked: ${view.reason}`
    : view.status === 'fusible'
      ? 'Fusible pair: click "Fuse" to fold it'
      : undefined;
  return (
    <div
      className={classes}
      title={heat?.title ?? title}
      data-testid="op-node"
      style={heat ? ({ '--layer-heat': heat.colour } as CSSProperties) : undefined}
      data-layer-error={heat ? heat.ratio : undefined}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="op-title">
        <span className="op-type">{view.op}</span>
        {view.fusedCount ? (
          <span className="badge fused-badge">fused{view.fusedCount > 1 ? ` ×${view.fusedCount}` : ''}</span>
        ) : null}
        {view.status === 'fusible' && view.candidateRole === 'kept' && view.candidateId && !simple ? (
          <button
            type="button"
            className="fuse-button nodrag"
            disabled={busy !== undefined}
            aria-label={`Fuse ${view.candidateId}`}
            onClick={(event) => {
              event.stopPropagation();
              void fuse([view.candidateId as string]);
            }}
          >
            Fuse
          </button>
        ) : null}
        {view.status === 'blocked' ? <span className="badge blocked-badge">blocked</span> : null}
        {heat?.first ? <span className="badge first-badge">first divergence</span> : null}
      </div>
      {!simple && (
        <>
          <NodeName name={view.name} op={view.op} cardWidth={view.width} />
          {view.attributes.length > 0 && <div className="op-attrs">{view.attributes.join(' · ')}</div>}
          {view.chips.slice(0, MAX_CHIPS_SHOWN).map((chip) => (
            <div className="chip" key={chip.name} title={chip.name}>
              <span className="chip-name">{chipName(chip, view.width)}</span>{' '}
              <span className="chip-type">{chip.type}</span>
            </div>
          ))}
          {view.chips.length > MAX_CHIPS_SHOWN && (
            <div className="chip more">+{view.chips.length - MAX_CHIPS_SHOWN} more</div>
          )}
        </>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
