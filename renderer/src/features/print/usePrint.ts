/** Shows a dedicated print view, prints it with window.print(), then puts the screen back. */
import { useEffect, useState } from 'react';

/** What is being printed now (null when nothing), and a function to print a view. */
export function usePrint<T>(): { printing: T | null; print: (view: T) => void } {
  const [printing, setPrinting] = useState<T | null>(null);
  useEffect(() => {
    if (printing === null) return;
    // After the print view has rendered; print() blocks until the dialog closes.
    const timer = setTimeout(() => {
      window.print();
      setPrinting(null);
    }, 0);
    return () => clearTimeout(timer);
  }, [printing]);
  return { printing, print: setPrinting };
}
