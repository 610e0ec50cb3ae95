// A ticking clock for running times (counter service timer, manager live board).
import { useEffect, useState } from 'react';

/** Date.now(), re-rendering every `periodMs`. */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}
