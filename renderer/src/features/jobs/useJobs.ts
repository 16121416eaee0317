/** The jobs the main side reports through 'jobs.progress'. */
import { useCallback, useEffect, useReducer } from 'react';
import type { JobProgress } from '../../../../electron/contract';
import { onBedsideEvent } from '../../api/client';
import { isJobProgress, jobsReducer, withoutFinished, type JobsState } from './jobsState';

type Action = { type: 'progress'; job: JobProgress } | { type: 'clear' };

function reducer(state: JobsState, action: Action): JobsState {
  return action.type === 'progress' ? jobsReducer(state, action.job) : withoutFinished(state);
}

/** Current jobs, and a way to clear the finished ones. */
export function useJobs(): { jobs: JobsState; clearFinished: () => void } {
  const [jobs, dispatch] = useReducer(reducer, []);
  useEffect(
    () =>
      onBedsideEvent((name, payload) => {
        if (name === 'jobs.progress' && isJobProgress(payload)) dispatch({ type: 'progress', job: payload });
      }),
    [],
  );
  const clearFinished = useCallback(() => dispatch({ type: 'clear' }), []);
  return { jobs, clearFinished };
}
