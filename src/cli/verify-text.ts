import { anyNonFinite, headline, type Verdict } from '../compare/verdict.ts';
import { layersLines, statsLines } from './stats-text.ts';
import { VERIFY_EXIT_CODE, type VerifyReport } from './verify.ts';

const WORD: Readonly<Record<Verdict, string>> = { pass: 'pass', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' };

/** Inputs as "x[1,3,224,224]", with where the data came from when it was not seeded random data. */
function inputsText(report: VerifyReport): string {
  return report.inputs
    .map((i) => `${i.name}[${i.dims.join(',')}]${i.source.startsWith('random') ? '' : ` ← ${i.source}`}`)
    .join(' ');
}

/**
 * The verification report for people: one line per output with its verdict, the notes that
 * explain it (shape, NaN/Inf, values near zero), how outputs were matched when not all by name,
 * then the headline and, unless all passed, the exit code's meaning.
 */
export function formatVerify(report: VerifyReport): string {
  const scale = report.inputScale === 1 ? '' : `, floats in ±${report.inputScale}`;
  const lines = [`verify: ${report.runtime}, seed ${report.seed}${scale}, inputs ${inputsText(report)}`];
  for (const o of report.outputs) {
    const nothing = o.count > 0 && o.compared === 0;
    const name = o.matchedBy === 'position' ? `${o.name} ↔ ${o.actualName}` : o.name;
    lines.push(
      nothing
        ? `  ${name}  ${o.actualDims ? 'shapes differ' : 'no value finite in both models'}  ${WORD[o.verdict]}`
        : `  ${name}  max abs ${o.maxAbs.toExponential(2)}  max rel ${o.maxRel.toExponential(2)}  cosine ${o.cosine.toFixed(6)}  (atol ${o.tolerance.atol}, rtol ${o.tolerance.rtol})  ${WORD[o.verdict]}`,
    );
    for (const note of o.notes) lines.push(`    ${note.text}`);
    lines.push(...statsLines(o, report.labels));
  }
  if (report.matching.note) lines.push(report.matching.note);
  if (report.actualFailed) {
    lines.push(
      `The ${report.labels.actual} model cannot run on the inputs the ${report.labels.reference} model ran on: ${report.actualFailed}`,
    );
  }
  lines.push(...layersLines(report));
  lines.push(report.actualFailed ? 'The models differ.' : headline(report.verdict, report.outputs));
  if (anyNonFinite(report.outputs)) {
    lines.push(
      `NaN/Inf usually means these inputs drive the model out of range: try a smaller --input-scale (now ${report.inputScale}), another --seed, real inputs with --input/--inputs, or real sizes with --dim/--shape.`,
    );
  }
  if (report.verdict !== 'pass') {
    lines.push(
      `exit code ${VERIFY_EXIT_CODE[report.verdict]}: ${report.verdict === 'fail' ? 'outputs differ' : 'inconclusive, not a pass'}`,
    );
  }
  return lines.join('\n');
}
