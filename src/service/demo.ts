/**
 * The demonstration data set, loaded by `npm start` on an empty database (and only then):
 * employers and members of the four regions (fictional names, ID numbers and credit codes
 * made with their check characters), statistics marked as demonstration figures, a year of
 * contributions, registrations, recognitions and settled claims — all through the service's
 * own API (`app.inject`), so that totals, accounts, the journal and the audit trail are real —
 * and a token for each role.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { newToken, putToken } from './auth.js';
import { creditCodeCheckChar, idNumberCheckDigit } from './ids.js';

export const DEMO_NOTE = '演示数据，非官方统计';

function idNumber(area: string, birthDate: string, seq: string, sex: 'male' | 'female'): string {
  const first17 = `${area}${birthDate.replaceAll('-', '')}${seq}${sex === 'male' ? '1' : '2'}`;
  return first17 + idNumberCheckDigit(first17);
}

const creditCode = (first17: string): string => first17 + creditCodeCheckChar(first17);

export interface DemoTokens {
  /** The admin token; absent when it is YIBAO_ADMIN_TOKEN's (not printed). */
  admin?: string;
  agency: string;
  institution: { code: string; token: string };
  person: { memberId: string; token: string };
}

export interface DemoResult {
  loaded: boolean;
  tokens?: DemoTokens;
  members?: Record<string, string>;
  settlements?: string[];
}

const REGIONS = {
  cangzhou: { area: '130902', employer: '91130900MA0DEM001', name: '沧州演示机械有限公司（虚构）' },
  langfang: { area: '131002', employer: '91131000MA0DEM002', name: '廊坊演示物流有限公司（虚构）' },
  ziyang: { area: '512002', employer: '91512000MA0DEM003', name: '资阳演示食品有限公司（虚构）' },
  suihua: { area: '231202', employer: '91231200MA0DEM004', name: '绥化演示农机有限公司（虚构）' },
} as const;

/** Demonstration statistics (not official figures): city average wage by year, Ziyang's average pension, Suihua's resident standard. */
const STATISTICS: { region: keyof typeof REGIONS; year: number; body: Record<string, unknown> }[] = [
  ...(['cangzhou', 'langfang', 'ziyang', 'suihua'] as const).flatMap((region) =>
    [2022, 2023, 2024, 2025].map((year) => ({ region, year, body: { averageWage: 72000 + (year - 2022) * 3000, note: DEMO_NOTE } })),
  ),
  { region: 'ziyang', year: 2024, body: { averagePension: { overall: 3000 }, note: DEMO_NOTE } },
  { region: 'suihua', year: 2026, body: { residentContribution: 400, note: DEMO_NOTE } },
];

const months = (year: number, from: number, until: number): string[] => Array.from({ length: until - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);

/** Loads the data set unless the database holds anything already; idempotent across restarts. */
export async function loadDemo(app: FastifyInstance, db: Kysely<Database>, options: { adminToken?: string } = {}): Promise<DemoResult> {
  const claimed = await db.transaction().execute(async (tx) => {
    const members = await tx.selectFrom('members').select('id').limit(1).execute();
    const employers = await tx.selectFrom('employers').select('id').limit(1).execute();
    if (members.length > 0 || employers.length > 0) return false;
    const inserted = await tx
      .insertInto('service_meta')
      .values({ key: 'demo', value: JSON.stringify({ state: 'loading' }) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    return inserted.length === 1;
  });
  if (!claimed) return { loaded: false };

  const generated = options.adminToken === undefined ? newToken() : undefined;
  const admin = options.adminToken ?? generated!;
  if (generated) await putToken(db, generated, 'admin', 'demonstration admin');

  async function call<T>(method: 'GET' | 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const r = await app.inject({ method, url, headers: { authorization: `Bearer ${admin}`, ...headers }, payload: body as object });
    if (r.statusCode >= 300) throw new Error(`demonstration data: ${method} ${url} answered ${r.statusCode} ${r.body}`);
    return r.json() as T;
  }

  for (const s of STATISTICS) await call('PUT', `/v1/statistics/${s.region}/${s.year}`, s.body);
  const employers: Record<string, string> = {};
  for (const [region, e] of Object.entries(REGIONS)) {
    employers[region] = (await call<{ id: string }>('POST', '/v1/employers', { creditCode: creditCode(e.employer), name: e.name, region, type: 'enterprise' })).id;
  }

  const enrol = async (body: Record<string, unknown>): Promise<string> => (await call<{ id: string }>('POST', '/v1/members', body)).id;
  const members: Record<string, string> = {};
  members['cangzhou'] = await enrol({
    idNumber: idNumber(REGIONS.cangzhou.area, '1970-05-12', '90', 'male'),
    name: '演示甲（虚构）',
    sex: 'male',
    birthDate: '1970-05-12',
    region: 'cangzhou',
    scheme: 'employee',
    type: 'employee',
    status: 'employed',
    employerId: employers['cangzhou'],
    enrolledOn: '2024-01-01',
    accountBalance: 300,
  });
  members['langfang'] = await enrol({
    idNumber: idNumber(REGIONS.langfang.area, '1975-03-02', '90', 'female'),
    name: '演示乙（虚构）',
    sex: 'female',
    birthDate: '1975-03-02',
    region: 'langfang',
    scheme: 'employee',
    type: 'employee',
    status: 'employed',
    employerId: employers['langfang'],
    enrolledOn: '2024-01-01',
  });
  members['ziyang'] = await enrol({
    idNumber: idNumber(REGIONS.ziyang.area, '1950-05-01', '90', 'female'),
    name: '演示丙（虚构）',
    sex: 'female',
    birthDate: '1950-05-01',
    region: 'ziyang',
    scheme: 'employee',
    type: 'employee',
    status: 'retired',
    retiredOn: '2005-05-01',
    employerId: employers['ziyang'],
    enrolledOn: '2000-01-01',
    tags: ['supplementary_insured'],
    accountBalance: 500,
  });
  members['suihua'] = await enrol({
    idNumber: idNumber(REGIONS.suihua.area, '1980-03-15', '90', 'female'),
    name: '演示丁（虚构）',
    sex: 'female',
    birthDate: '1980-03-15',
    region: 'suihua',
    scheme: 'resident',
    type: 'resident',
    enrolledOn: '2025-01-01',
    tags: ['poverty'],
  });

  // Cangzhou: January–June 2024 recorded as paid (沧政规〔2024〕1号 is in force from 2024-06-27, its
  // rates not before), July–December computed from the wage; each paid in its month.
  for (const month of months(2024, 1, 6)) await call('POST', `/v1/members/${members['cangzhou']}/contributions`, { month, amount: 564, paidOn: `${month}-15` });
  for (const month of months(2024, 7, 12)) await call('POST', `/v1/members/${members['cangzhou']}/contributions`, { month, monthlyWage: 6000, paidOn: `${month}-15` });
  for (const month of months(2024, 1, 6)) await call('POST', `/v1/members/${members['langfang']}/contributions`, { month, monthlyWage: 7000, paidOn: `${month}-20` });
  // The resident's yearly contribution, recorded as paid.
  await call('POST', `/v1/members/${members['suihua']}/contributions`, { month: '2026-01', amount: 400, paidOn: '2025-12-10' });

  await call('POST', `/v1/members/${members['cangzhou']}/recognitions`, { category: 'chronic', name: '高血压3级', recognizedOn: '2024-07-01' });
  await call('POST', `/v1/members/${members['ziyang']}/recognitions`, { category: 'special', name: '甲亢', class: 2, recognizedOn: '2023-03-01' });
  await call('POST', `/v1/members/${members['suihua']}/recognitions`, { category: 'chronic', name: '糖尿病', recognizedOn: '2025-06-01' });
  await call('POST', `/v1/members/${members['langfang']}/registrations`, { kind: 'referral', place: 'local', destination: '廊坊市（转诊）', validFrom: '2024-05-01', validUntil: '2024-05-31' });
  await call('POST', `/v1/members/${members['suihua']}/registrations`, { kind: 'referral', place: 'in_province', destination: '哈尔滨市（转诊）', validFrom: '2026-01-15', validUntil: '2026-02-28' });
  await call('POST', `/v1/members/${members['cangzhou']}/registrations`, { kind: 'temporary', place: 'cross_province', destination: '北京市（临时外出就医）', validFrom: '2024-10-01' });

  const claims: [string, Record<string, unknown>][] = [
    [
      'cangzhou',
      {
        id: 'DEMO-CZ-1',
        type: 'inpatient',
        admissionDate: '2024-07-20',
        dischargeDate: '2024-08-01',
        hospital: { level: 3, grade: 'A', tcm: false, code: 'H001' },
        place: 'local',
        cancerTherapy: false,
        items: [
          { category: 'drug', class: 'B', amount: 4000 },
          { category: 'service', class: 'B', unitPrice: 500, quantity: 2, largeEquipment: true },
          { category: 'material', class: 'B', unitPrice: 2000, quantity: 1, priceCap: 1800 },
          { category: 'bed', ward: 'general', dailyPrice: 40, days: 10 },
          { category: 'drug', class: 'C', amount: 1000 },
        ],
      },
    ],
    ['cangzhou', { id: 'DEMO-CZ-2', type: 'chronic', disease: '高血压病', visitDate: '2024-09-01', hospital: { level: 2, code: 'H001' }, items: [{ category: 'drug', class: 'A', amount: 1000 }] }],
    ['langfang', { id: 'DEMO-LF-1', type: 'inpatient', admissionDate: '2024-05-06', dischargeDate: '2024-05-15', hospital: { level: 1, code: 'H101' }, place: 'local', items: [{ category: 'drug', class: 'A', amount: 10000 }] }],
    ['ziyang', { id: 'DEMO-ZY-1', type: 'special', disease: '甲亢', visitDate: '2024-03-01', hospital: { level: 2, grade: 'A', code: 'H201' }, items: [{ category: 'drug', class: 'B', amount: 5000 }] }],
    ['suihua', { id: 'DEMO-SH-1', type: 'outpatient', visitDate: '2026-02-01', hospital: { level: 2, code: 'H301' }, place: 'in_province', items: [{ category: 'drug', class: 'A', amount: 300 }] }],
    ['suihua', { id: 'DEMO-SH-2', type: 'chronic', disease: '糖尿病', visitDate: '2026-02-10', hospital: { level: 1, code: 'H301' }, items: [{ category: 'drug', class: 'A', amount: 600 }] }],
  ];
  const settlements: string[] = [];
  for (const [region, claim] of claims) {
    const s = await call<{ id: string }>('POST', '/v1/settlements', { memberId: members[region], claim }, { 'idempotency-key': `demo-${String(claim['id'])}` });
    settlements.push(s.id);
  }

  const token = async (role: string): Promise<string> => (await call<{ token: string }>('POST', '/v1/tokens', { role, label: 'demonstration' })).token;
  const tokens: DemoTokens = {
    ...(generated ? { admin: generated } : {}),
    agency: await token('agency'),
    institution: { code: 'H001', token: await token('institution:H001') },
    person: { memberId: members['cangzhou']!, token: await token(`person:${members['cangzhou']}`) },
  };
  await db
    .updateTable('service_meta')
    .set({ value: JSON.stringify({ state: 'loaded', note: DEMO_NOTE, members, settlements }) })
    .where('key', '=', 'demo')
    .execute();
  return { loaded: true, tokens, members, settlements };
}

/** The line `npm start` prints: `Demo tokens: admin=… agency=… institution:H001=… person:<id>=…`. */
export function demoTokensLine(t: DemoTokens): string {
  return `Demo tokens: admin=${t.admin ?? '(YIBAO_ADMIN_TOKEN)'} agency=${t.agency} institution:${t.institution.code}=${t.institution.token} person:${t.person.memberId}=${t.person.token}`;
}
