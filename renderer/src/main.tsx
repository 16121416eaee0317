import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PortsProvider } from './api/PortsContext';
import { createPorts } from './api/wiring';
import { I18nProvider } from './i18n';
import { AppShell } from './shell/AppShell';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <PortsProvider ports={createPorts()}>
        <AppShell />
      </PortsProvider>
    </I18nProvider>
  </StrictMode>,
);
