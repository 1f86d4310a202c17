import { anyNonFinite, headline, type Verdict } from '../compare/verdict.ts';
import { VERIFY_EXIT_CODE, type VerifyReport } from './verify.ts';

const WORD: Readonly<Record<Verdict, string>> = { pass: 'pass', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' };

/**
 * The `--verify` report for people: one line per output with its verdict, the notes that explain
 * it (NaN/Inf, values near zero), then the headline and, unless all passed, the exit code's meaning.
 */
export function formatVerify(report: VerifyReport): string {
  const inputs = Object.entries(report.inputs)
    .map(([k, v]) => `${k}[${v.join(',')}]`)
    .join(' ');
  const scale = report.inputScale === 1 ? '' : `, floats in ±${report.inputScale}`;
  const lines = [`verify: ${report.runtime}, seed ${report.seed}${scale}, inputs ${inputs}`];
  for (const o of report.outputs) {
    const nothing = o.count > 0 && o.compared === 0;
    lines.push(
      nothing
        ? `  ${o.name}  no value finite in both models  ${WORD[o.verdict]}`
        : `  ${o.name}  max abs ${o.maxAbs.toExponential(2)}  max rel ${o.maxRel.toExponential(2)}  cosine ${o.cosine.toFixed(6)}  (atol ${o.tolerance.atol}, rtol ${o.tolerance.rtol})  ${WORD[o.verdict]}`,
    );
    for (const note of o.notes) lines.push(`    ${note.text}`);
  }
  lines.push(headline(report.verdict, report.outputs));
  if (anyNonFinite(report.outputs)) {
    lines.push(
      `NaN/Inf usually means these inputs drive the model out of range: try a smaller --input-scale (now ${report.inputScale}), another --seed, or real sizes with --dim/--shape.`,
    );
  }
  if (report.verdict !== 'pass') {
    lines.push(
      `exit code ${VERIFY_EXIT_CODE[report.verdict]}: ${report.verdict === 'fail' ? 'outputs differ' : 'inconclusive, not a pass'}`,
    );
  }
  return lines.join('\n');
}
