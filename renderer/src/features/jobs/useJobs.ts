/** The jobs the main side reports through 'jobs.progress'. */
import { useCallback, useEffect, useReducer } from 'react';
import type { JobProgress } from '../../../../electron/contract';
import { onBedsideEvent } from '../../api/client';
import { DONE_VISIBLE_MS, isJobProgress, jobsReducer, withoutFinished, withoutJob, type JobsState } from './jobsState';

type Action = { type: 'progress'; job: JobProgress } | { type: 'clear' } | { type: 'expire'; jobId: string };

function reducer(state: JobsState, action: Action): JobsState {
  if (action.type === 'progress') return jobsReducer(state, action.job);
  return action.type === 'expire' ? withoutJob(state, action.jobId) : withoutFinished(state);
}

/** Current jobs, and a way to clear the finished ones. */
export function useJobs(): { jobs: JobsState; clearFinished: () => void } {
  const [jobs, dispatch] = useReducer(reducer, []);
  useEffect(
    () =>
      onBedsideEvent((name, payload) => {
        if (name !== 'jobs.progress' || !isJobProgress(payload)) return;
        dispatch({ type: 'progress', job: payload });
        // Work that finished well leaves the tray by itself; failures wait to be read and cleared.
        if (payload.state === 'done') setTimeout(() => dispatch({ type: 'expire', jobId: payload.jobId }), DONE_VISIBLE_MS);
      }),
    [],
  );
  const clearFinished = useCallback(() => dispatch({ type: 'clear' }), []);
  return { jobs, clearFinished };
}
