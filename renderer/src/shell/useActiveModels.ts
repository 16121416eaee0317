/** The active model packs for the status bar ("name version"); undefined while packs are not available. */
import { useEffect, useState } from 'react';
import { usePorts } from '../api/PortsContext';

/** Active packs, refreshed when `refreshKey` changes. */
export function useActiveModels(refreshKey: unknown): string[] | undefined {
  const { models } = usePorts();
  const [active, setActive] = useState<string[] | undefined>(undefined);
  useEffect(() => {
    if (!models) return;
    void models.list({}).then((r) => {
      if (r.ok) setActive(r.value.packs.filter((p) => p.active).map((p) => `${p.versions.find((v) => v.version === p.active)?.name ?? p.id} ${p.active}`));
    });
  }, [models, refreshKey]);
  return active;
}
