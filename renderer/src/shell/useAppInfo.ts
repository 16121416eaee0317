/** Loads app info (version, providers) once for the shell. */
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { BedsideApi } from '../../../electron/contract';

export type AppInfo = Extract<Awaited<ReturnType<BedsideApi['app']['info']>>, { ok: true }>['value'];

/** App info, or an error message when Bedside cannot be reached. */
export function useAppInfo(): { info: AppInfo | null; error: string | null } {
  const [state, setState] = useState<{ info: AppInfo | null; error: string | null }>({ info: null, error: null });
  useEffect(() => {
    let live = true;
    void api.app.info({}).then((r) => {
      if (live) setState(r.ok ? { info: r.value, error: null } : { info: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
