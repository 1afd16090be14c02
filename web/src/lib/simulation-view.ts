/** The 测算 page's results: the report's totals baseline against reform, who pays, and deciles. Sums in integer fen. */
import type { SimulationReport } from '../../../src/simulate/run';

export type { SimulationReport };
type Totals = SimulationReport['baseline']['totals'];

const fen = (yuan: number): number => Math.round(yuan * 100);
const yuan = (f: number): number => f / 100;

/** The rows of the totals table, in this order. */
export const TOTAL_ROWS = ['medfee_sumamt', 'fund_pay_sumamt', 'hifp_pay', 'layers', 'acct_pay', 'psn_cash_pay', 'psn_part_amt'] as const;
export type TotalRow = (typeof TOTAL_ROWS)[number];

/** 大额 + 大病 + commercial (supplementary layers), in fen. */
function layersFen(t: Totals): number {
  return fen(t.hifob_pay) + fen(t.hifmi_pay) + fen(t.oth_pay);
}

function rowFen(t: Totals, row: TotalRow): number {
  return row === 'layers' ? layersFen(t) : fen(t[row]);
}

export interface TotalLine {
  row: TotalRow;
  baseline: number;
  reform: number;
  /** Reform minus baseline, yuan (computed in fen). */
  difference: number;
}

/** Baseline, reform and the difference for each row (yuan). */
export function totalLines(report: SimulationReport): TotalLine[] {
  const reform = report.reforms[0];
  if (!reform) return [];
  return TOTAL_ROWS.map((row) => {
    const b = rowFen(report.baseline.totals, row);
    const r = rowFen(reform.totals, row);
    return { row, baseline: yuan(b), reform: yuan(r), difference: yuan(r - b) };
  });
}

/** Who pays, stacked per scenario: the pooled fund, the layers, the account, cash (yuan). */
export const PAYERS = ['hifp_pay', 'layers', 'acct_pay', 'psn_cash_pay'] as const;
export type Payer = (typeof PAYERS)[number];

export interface ScenarioPayers {
  scenario: 'baseline' | 'reform';
  name: string;
  amounts: Record<Payer, number>;
}

export function payersByScenario(report: SimulationReport): ScenarioPayers[] {
  const scenarios = [{ scenario: 'baseline' as const, s: report.baseline }, ...report.reforms.slice(0, 1).map((s) => ({ scenario: 'reform' as const, s }))];
  return scenarios.map(({ scenario, s }) => ({
    scenario,
    name: s.name,
    amounts: { hifp_pay: yuan(fen(s.totals.hifp_pay)), layers: yuan(layersFen(s.totals)), acct_pay: yuan(fen(s.totals.acct_pay)), psn_cash_pay: yuan(fen(s.totals.psn_cash_pay)) },
  }));
}

/** The out-of-pocket deciles P10…P90, baseline and reform side by side. */
export function decileRows(report: SimulationReport): { label: string; baseline: number; reform: number | null }[] {
  const reform = report.reforms[0]?.outOfPocketDeciles ?? [];
  return report.baseline.outOfPocketDeciles.map((b, i) => ({ label: `P${(i + 1) * 10}`, baseline: b, reform: reform[i] ?? null }));
}

/** A signed amount: "+1,234.50" for a rise, "-…" for a fall, "0.00" unchanged (uses the given formatter). */
export function signedText(yuanAmount: number, text: (y: number) => string): string {
  return fen(yuanAmount) > 0 ? `+${text(yuanAmount)}` : text(yuanAmount);
}
