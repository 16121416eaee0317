/** Renders a component inside the app's translation provider, in English (component tests). */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nProvider } from '../../../renderer/src/i18n';

/** `render` with the I18nProvider around it, English chosen. */
export function renderEn(ui: ReactElement): ReturnType<typeof render> {
  localStorage.setItem('bedside.language', 'en');
  return render(<I18nProvider>{ui}</I18nProvider>);
}
