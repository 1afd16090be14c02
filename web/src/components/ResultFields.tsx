import { useT } from '../i18n';
import { percentText, yuanText } from '../lib/format';
import type { ClaimResult } from '../lib/api';

const RESULT_FIELDS = ['medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt', 'act_pay_dedc', 'pool_prop_selfpay', 'hifp_pay', 'hifob_pay', 'hifmi_pay', 'oth_pay', 'fund_pay_sumamt', 'psn_part_amt', 'acct_pay', 'psn_cash_pay'] as const;

/** A result's national fields (名称 and field code), yuan to the fen. */
export function ResultFields({ result }: { result: ClaimResult }) {
  const t = useT();
  return (
    <table className="fields">
      <tbody>
        {RESULT_FIELDS.map((k) => (
          <tr key={k} data-field={k}>
            <th scope="row">
              {t.fields[k]} <code>{k}</code>
            </th>
            <td>{k === 'pool_prop_selfpay' ? percentText(result[k]) : `${yuanText(result[k])} 元`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
