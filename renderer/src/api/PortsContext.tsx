/** Gives screens the ports (real ones in the app, stand-ins in component tests). */
import { createContext, useContext, type ReactNode } from 'react';
import type { Ports } from './ports';

const PortsContext = createContext<Ports>({});

/** Provides the ports to the screens below. */
export function PortsProvider({ ports, children }: { ports: Ports; children: ReactNode }) {
  return <PortsContext.Provider value={ports}>{children}</PortsContext.Provider>;
}

/** The ports available now. */
export function usePorts(): Ports {
  return useContext(PortsContext);
}
