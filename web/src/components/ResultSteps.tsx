import { useState } from 'react';
import { useT } from '../i18n';
import type { Step } from '../lib/api';
import { ArticlePanel } from './ArticlePanel';
import { StepList } from './StepList';

/** A result's steps, each step's article opening beside them. */
export function ResultSteps({ token, steps }: { token: string; steps: Step[] }) {
  const t = useT();
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <>
      <h3>{t.calculator.steps}</h3>
      <div className={opened ? 'steps-with-article' : undefined}>
        <StepList steps={steps} open={setOpened} opened={opened} />
        {opened && <ArticlePanel token={token} source={opened} close={() => setOpened(null)} />}
      </div>
    </>
  );
}
