// Back to the start screen after `seconds` without a touch, with a visible countdown.
import { useEffect, useState } from 'react';

export function useIdleReset(active: boolean, seconds: number, reset: () => void): number {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (!active) return;
    setLeft(seconds);
    let last = Date.now();
    const touch = () => {
      last = Date.now();
      setLeft(seconds);
    };
    const tick = setInterval(() => {
      const remain = Math.max(0, seconds - Math.floor((Date.now() - last) / 1000));
      setLeft(remain);
      if (remain === 0) reset();
    }, 250);
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      clearInterval(tick);
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, [active, seconds, reset]);
  return left;
}
