/** The colour theme: light, dark, or the system's; kept in local storage, set on <html data-theme>. */
import { useCallback, useEffect, useState } from 'react';

/** A theme choice. */
export type Theme = 'light' | 'dark' | 'system';
const KEY = 'bedside.theme';

/** Reads the stored theme (system when absent or unknown). */
export function storedTheme(storage: Pick<Storage, 'getItem'> = localStorage): Theme {
  const v = storage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** The theme and a setter that stores it. */
export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setThemeState] = useState<Theme>(() => storedTheme());
  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);
  const setTheme = useCallback((t: Theme) => {
    localStorage.setItem(KEY, t);
    setThemeState(t);
  }, []);
  return [theme, setTheme];
}
