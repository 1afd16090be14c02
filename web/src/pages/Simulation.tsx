import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n';
import { api, ServiceError, type ExampleReform, type RegionView, type SimulationReport } from '../lib/api';
import { messageOf } from '../lib/errors';
import { fieldOfSimulationPath, latestValueJson, parameterChoices, simulationBody, type SimulationDraft, type SimulationField } from '../lib/simulation-form';
import { SimulationForm } from '../components/SimulationForm';
import { SimulationResult } from '../components/SimulationResult';

const START: SimulationDraft = { region: 'cangzhou', year: '2025', members: '1000', seed: '', mode: 'example', example: '', parameter: '', value: '', from: '2025-01-01', article: '方案第一条', note: '' };

/** 测算: a reform run through the service on a synthetic population, baseline against reform. */
export function Simulation({ token }: { token: string }) {
  const t = useT();
  const s = t.simulation;
  const [draft, setDraft] = useState<SimulationDraft>(START);
  const [examples, setExamples] = useState<ExampleReform[]>([]);
  const [region, setRegion] = useState<RegionView | null>(null);
  const [tried, setTried] = useState(false);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<SimulationReport | null>(null);
  const [failure, setFailure] = useState<{ field: SimulationField | undefined; message: string } | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  useEffect(() => {
    let live = true;
    api.simulationExamples(token).then(
      (r) => live && setExamples(r.examples),
      (e: unknown) => live && setFailure({ field: undefined, message: messageOf(e, t) }),
    );
    return () => {
      live = false;
    };
  }, [token, t]);

  useEffect(() => {
    let live = true;
    setRegion(null);
    api.region(token, draft.region).then(
      (r) => live && setRegion(r),
      (e: unknown) => live && setFailure({ field: undefined, message: messageOf(e, t) }),
    );
    return () => {
      live = false;
    };
  }, [token, draft.region, t]);

  const regionExamples = useMemo(() => examples.filter((x) => x.region === draft.region), [examples, draft.region]);
  const parameters = useMemo(() => (region && region.region === draft.region ? parameterChoices(region) : null), [region, draft.region]);
  const current = region && draft.parameter ? latestValueJson(region, draft.parameter) : '';

  // The first example of the region, and the first parameter with its value in force, once known.
  useEffect(() => {
    if (!regionExamples.some((x) => x.file === draft.example)) setDraft((d) => ({ ...d, example: regionExamples[0]?.file ?? '' }));
  }, [regionExamples, draft.example]);
  useEffect(() => {
    if (parameters && region && !parameters.includes(draft.parameter)) {
      const first = parameters[0] ?? '';
      setDraft((d) => ({ ...d, parameter: first, value: first ? latestValueJson(region, first) : '' }));
    }
  }, [parameters, region, draft.parameter]);

  function change(next: Partial<SimulationDraft>) {
    setDraft((d) => {
      const out = { ...d, ...next };
      if (next.parameter !== undefined && region) out.value = latestValueJson(region, next.parameter);
      return out;
    });
    setFailure(null);
  }

  const { body, problems } = simulationBody(draft, examples);
  const messages: Partial<Record<SimulationField, string>> = {};
  if (tried) for (const [f, p] of Object.entries(problems) as [SimulationField, keyof typeof s.problems][]) messages[f] = s.problems[p];
  if (failure?.field) messages[failure.field] = failure.message;

  async function run() {
    setTried(true);
    setFailure(null);
    if (!body) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    try {
      const r = await api.simulate(token, body, controller.signal);
      setReport(r);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      const field = e instanceof ServiceError && e.error.status === 400 ? fieldOfSimulationPath(e.error.path, draft.mode) : undefined;
      setFailure({ field, message: messageOf(e, t) });
    } finally {
      if (abort.current === controller) setRunning(false);
    }
  }

  return (
    <section className="card simulation" aria-labelledby="simulation-title" aria-busy={running}>
      <h2 id="simulation-title">{s.title}</h2>
      <p className="synthetic-note">{s.synthetic}</p>
      <SimulationForm draft={draft} onChange={change} regions={t.regions} examples={regionExamples} parameters={parameters} current={current} messages={messages} running={running} onRun={() => void run()} />
      {failure && !failure.field && (
        <p role="alert" className="error">
          {failure.message}
        </p>
      )}
      {report && <SimulationResult report={report} />}
    </section>
  );
}
