// Employers over time: a change of name or type, a member moving to another employer (变更单位),
// the employer's end, refused while members are still enrolled with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, creditCode, enrolCangzhouEmployee, openHarness, type Harness } from './harness.js';

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`employers on ${backend.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await openHarness(backend);
    }, 60_000);
    afterAll(async () => h?.close());

    const employer = async (first17: string, name: string) => {
      const r = await h.call('POST', '/v1/employers', { creditCode: creditCode(first17), name, region: 'cangzhou', type: 'enterprise' });
      expect(r.statusCode, r.body).toBe(201);
      return (r.json() as { id: string }).id;
    };

    it('changes, moves its member away, then ends; a member cannot join an ended employer', async () => {
      const a = await employer('91130900MA07L1001', '甲公司');
      const b = await employer('91130900MA07L1002', '乙公司');
      const m = await enrolCangzhouEmployee(h, a, '1980-03-03', 1, 'male');

      const changed = await h.call('PATCH', `/v1/employers/${a}`, { name: '甲有限公司', type: 'public_funded' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ name: '甲有限公司', type: 'public_funded', status: 'active', activeMembers: 1 });
      expect((await h.call('PATCH', `/v1/employers/${a}`, {})).statusCode).toBe(400);

      // Still one member: the end is refused, nothing changed.
      const early = await h.call('POST', `/v1/employers/${a}/termination`, { on: '2024-06-30' });
      expect(early.statusCode).toBe(409);
      expect((await h.call('GET', `/v1/employers/${a}`)).json()).toMatchObject({ status: 'active' });

      // 变更单位 from 1 July; the same employer again is a conflict, a missing employerId a 400.
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'employer', on: '2024-07-01' })).json()).toMatchObject({ error: { path: 'employerId' } });
      const moved = await h.call('POST', `/v1/members/${m}/changes`, { kind: 'employer', on: '2024-07-01', employerId: b });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ employerId: b, status: 'employed' });
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'employer', on: '2024-08-01', employerId: b })).statusCode).toBe(409);
      const timeline = (await h.call('GET', `/v1/members/${m}/timeline`)).json() as { events: { date: string; kind: string; detail: Record<string, unknown> }[] };
      expect(timeline.events.filter((e) => e.kind === 'change')).toEqual([{ date: '2024-07-01', kind: 'change', detail: { change: 'employer', employerId: b } }]);

      const ended = await h.call('POST', `/v1/employers/${a}/termination`, { on: '2024-07-31' });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json()).toMatchObject({ status: 'terminated', terminatedOn: '2024-07-31', activeMembers: 0 });
      expect((await h.call('POST', `/v1/employers/${a}/termination`, { on: '2024-08-31' })).statusCode).toBe(409);
      expect((await h.call('PATCH', `/v1/employers/${a}`, { name: '甲' })).statusCode).toBe(409);
      // Nobody joins or moves to it any more.
      const m2 = await enrolCangzhouEmployee(h, b, '1981-03-03', 2, 'male');
      expect((await h.call('POST', `/v1/members/${m2}/changes`, { kind: 'employer', on: '2024-09-01', employerId: a })).statusCode).toBe(409);
      const join = await h.call('POST', '/v1/members', {
        idNumber: '13090219820303003X',
        name: '丙',
        sex: 'male',
        birthDate: '1982-03-03',
        region: 'cangzhou',
        scheme: 'employee',
        type: 'employee',
        status: 'employed',
        employerId: a,
        enrolledOn: '2024-09-01',
      });
      expect(join.statusCode, join.body).toBe(409);
      const audit = await h.store.db.selectFrom('audit').select('action').where('target', '=', `employer:${a}`).orderBy('id').execute();
      expect(audit.map((x) => x.action)).toEqual(['employer.create', 'employer.change', 'employer.terminate']);
    });

    it('a member becomes a flexible worker and back: each month computed with the type and employer of that month, even recorded late', async () => {
      const a = await employer('91130900MA07L1004', '戊公司');
      const m = await enrolCangzhouEmployee(h, a, '1980-04-04', 4, 'male');
      for (const y of [2022, 2023, 2024]) expect((await h.call('PUT', `/v1/statistics/cangzhou/${y}`, { averageWage: 80000 })).statusCode).toBe(200);
      const month = async (mm: string, paidOn: string) => {
        const r = await h.call('POST', `/v1/members/${m}/contributions`, { month: mm, monthlyWage: 6000, paidOn });
        expect(r.statusCode, r.body).toBe(201);
        const { employer: e, person, amount, base } = r.json() as { employer: number; person: number; amount: number; base: number };
        return { employer: e, person, amount, base };
      };
      const asEmployee = await month('2024-07', '2024-07-10');
      expect(asEmployee.employer).toBeGreaterThan(0);
      // From 1 September a flexible worker (灵活就业): no employer; an employer given is refused.
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'type', on: '2024-09-01', type: 'flexible', employerId: a })).json()).toMatchObject({ error: { path: 'employerId' } });
      const changed = await h.call('POST', `/v1/members/${m}/changes`, { kind: 'type', on: '2024-09-01', type: 'flexible' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ type: 'flexible', employerId: null });
      const asFlexible = await month('2024-10', '2024-10-10');
      // The flexible worker pays it all: no employer's share; the engine's flexible rate (not the employee's two shares).
      expect(asFlexible.employer).toBe(0);
      expect(asFlexible.amount).toBeGreaterThan(0);
      // August, recorded after the change, is still an employee's month (the change applies from September).
      expect(await month('2024-08', '2024-10-20')).toEqual(asEmployee);
      // Changes are kept in date order; back to an employee needs an employer.
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'type', on: '2024-08-15', type: 'employee', employerId: a })).statusCode).toBe(409);
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'type', on: '2024-12-01', type: 'employee' })).json()).toMatchObject({ error: { path: 'employerId' } });
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'type', on: '2024-12-01', type: 'employee', employerId: a })).statusCode).toBe(200);
      expect(await month('2024-12', '2024-12-10')).toEqual(asEmployee);
      expect(await month('2024-11', '2024-12-10')).toEqual(asFlexible);
      const timeline = (await h.call('GET', `/v1/members/${m}/timeline`)).json() as { events: { date: string; kind: string; detail: Record<string, unknown> }[] };
      expect(timeline.events.filter((e) => e.kind === 'change')).toEqual([
        { date: '2024-09-01', kind: 'change', detail: { change: 'type', from: 'employee', to: 'flexible', employerId: null } },
        { date: '2024-12-01', kind: 'change', detail: { change: 'type', from: 'flexible', to: 'employee', employerId: a } },
      ]);
    });

    it('only the agency and admins see or change employers', async () => {
      const a = await employer('91130900MA07L1003', '丁公司');
      const institution = await h.token('institution:H001');
      expect((await h.call('GET', `/v1/employers/${a}`, undefined, institution)).statusCode).toBe(403);
      expect((await h.call('PATCH', `/v1/employers/${a}`, { name: 'x' }, institution)).statusCode).toBe(403);
      expect((await h.call('GET', '/v1/employers/nobody')).statusCode).toBe(404);
    });
  });
}
