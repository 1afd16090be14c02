import { describe, expect, it } from 'vitest';
import { initialForm, itemsFromPaste, requestOf, yuanOf, isDate, type ClaimForm } from '../src/lib/claim-form';
import { percentText, sharesOf, yuanText } from '../src/lib/format';
import { zhCN } from '../src/i18n/zh-CN';
import { en } from '../src/i18n/en';

const form = (patch: Partial<ClaimForm> = {}): ClaimForm => ({ ...initialForm(), ...patch });

describe('the calculator form as a settle request', () => {
  it('the starting form is the shipped Cangzhou inpatient stay, as the engine reads it', () => {
    const built = requestOf(form(), zhCN);
    expect(built).toEqual({
      request: {
        region: 'cangzhou',
        scheme: 'employee',
        person: { status: 'employed', birthDate: '1970-05-01' },
        claims: [
          {
            id: 'TRIAL-1',
            type: 'inpatient',
            admissionDate: '2024-08-01',
            dischargeDate: '2024-08-10',
            hospital: { level: 3, tcm: false },
            place: 'local',
            registration: 'none',
            items: [
              { category: 'drug', class: 'A', amount: 5000 },
              { category: 'drug', class: 'B', amount: 4000 },
              { category: 'service', class: 'A', amount: 6000 },
            ],
          },
        ],
      },
    });
  });

  it('an outpatient visit carries its visit date, a disease claim its disease; a bed its daily price and days', () => {
    const built = requestOf(
      form({ type: 'chronic', visitDate: '2024-09-02', disease: '高血压', items: [{ category: 'bed', class: 'A', amount: '40', quantity: '9', ward: 'icu' }, { category: 'material', class: 'B', amount: '12.5', quantity: '4', ward: 'general' }] }),
      zhCN,
    );
    expect('request' in built && built.request.claims).toEqual([
      {
        id: 'TRIAL-1',
        type: 'chronic',
        visitDate: '2024-09-02',
        hospital: { level: 3, tcm: false },
        place: 'local',
        registration: 'none',
        disease: '高血压',
        items: [
          { category: 'bed', ward: 'icu', dailyPrice: 40, days: 9 },
          { category: 'material', class: 'B', unitPrice: 12.5, quantity: 4 },
        ],
      },
    ]);
  });

  it('puts a message in Chinese beside each wrong field, and sends nothing', () => {
    const built = requestOf(
      form({ birthDate: '1970-02-30', admissionDate: '2024-08-11', type: 'inpatient', items: [{ category: 'drug', class: 'A', amount: '12.345', quantity: '', ward: 'general' }, { category: 'bed', class: 'A', amount: '30', quantity: '0', ward: 'general' }] }),
      zhCN,
    );
    expect(built).toEqual({
      errors: {
        birthDate: zhCN.errors.date,
        dischargeDate: zhCN.errors.order,
        'items.0.amount': zhCN.errors.amount,
        'items.1.quantity': zhCN.errors.days,
      },
    });
    expect(requestOf(form({ items: [] }), en)).toEqual({ errors: { items: en.errors.noItems } });
    expect(requestOf(form({ type: 'special', disease: ' ' }), zhCN)).toEqual({ errors: { disease: zhCN.errors.required } });
  });

  it('reads dates and amounts strictly', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-29')).toBe(false);
    expect(isDate('2024-8-1')).toBe(false);
    expect(yuanOf('0')).toBe(0);
    expect(yuanOf('1200.5')).toBe(1200.5);
    expect(yuanOf('1.005')).toBeUndefined();
    expect(yuanOf('-1')).toBeUndefined();
    expect(yuanOf('1e3')).toBeUndefined();
  });

  it('imports rows pasted from a spreadsheet, naming the lines it could not read', () => {
    const { items, unreadable } = itemsFromPaste('药品\t乙类\t4,000\n诊疗项目\t甲\t600\t2\n\n耗材 丙 abc\n床位 甲 30 9');
    expect(items).toEqual([
      { category: 'drug', class: 'B', amount: '4000', quantity: '', ward: 'general' },
      { category: 'service', class: 'A', amount: '600', quantity: '2', ward: 'general' },
      { category: 'bed', class: 'A', amount: '30', quantity: '9', ward: 'general' },
    ]);
    expect(unreadable).toEqual([4]);
  });
});

describe('amounts as the console shows them', () => {
  it('yuan to two decimals, grouped; ratios as percentages', () => {
    expect(yuanText(1234567.5)).toBe('1,234,567.50');
    expect(yuanText(0.07)).toBe('0.07');
    expect(yuanText(-3)).toBe('-3.00');
    expect(percentText(0.9)).toBe('90%');
    expect(percentText(0.925)).toBe('92.5%');
  });

  it("the bar's shares are the funds' payments and the person's, those above zero, adding up to the total", () => {
    // The starting form's stay (Cangzhou 2024, level 3, employed): total 15,000; class-B drug 4,000 × 5% = 200
    // pre-self-pay; eligible 14,800; fund (14,800 − 900) × 90% = 12,510; person 15,000 − 12,510 = 2,490.
    const shares = sharesOf({ psn_part_amt: 2490, hifp_pay: 12510, hifob_pay: 0, hifmi_pay: 0, oth_pay: 0 });
    expect(shares).toEqual([{ key: 'hifp', yuan: 12510 }, { key: 'person', yuan: 2490 }]);
    expect(shares.reduce((a, s) => a + s.yuan, 0)).toBe(15000);
  });

  it('every interface text exists in both languages', () => {
    const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });
});
