import type { GraphScope } from '../../fusion/scope.ts';
import { candidateId } from '../graph-edit.ts';
import type { OptimizeBlockReason, OptimizeCandidate, Pass, PassContext } from '../types.ts';

/**
 * Collects one pass run's candidates: `offer` records a candidate and says whether to apply it
 * (applicable and wanted); `refuse` records a blocked one.
 */
export class Findings {
  readonly candidates: OptimizeCandidate[] = [];
  readonly applied: string[] = [];

  constructor(
    private readonly pass: Pick<Pass, 'name' | 'kind'>,
    private readonly ctx: PassContext,
  ) {}

  private describe(scope: GraphScope, anchor: string, node: string, op: string, action: string): OptimizeCandidate {
    return {
      id: candidateId(this.pass.name, scope.path, anchor),
      pass: this.pass.name,
      kind: this.pass.kind,
      graphPath: scope.path,
      node,
      op,
      action,
      status: 'applicable',
    };
  }

  /** True when the caller should apply it now; it is then recorded as applied. */
  offer(scope: GraphScope, anchor: string, node: string, op: string, action: string): boolean {
    const candidate = this.describe(scope, anchor, node, op, action);
    if (!this.ctx.wanted(candidate.id)) {
      this.candidates.push(candidate);
      return false;
    }
    this.applied.push(candidate.id);
    return true;
  }

  refuse(
    scope: GraphScope,
    anchor: string,
    node: string,
    op: string,
    action: string,
    reason: OptimizeBlockReason,
    message: string,
  ): void {
    this.candidates.push({
      ...this.describe(scope, anchor, node, op, action),
      status: 'blocked',
      blocked: { reason, message },
    });
  }
}
