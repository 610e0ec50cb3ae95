// A drawn face per level (emoji fonts are missing on many hall tablets): the mouth bends from a
// wide smile (非常满意) to a deep frown (非常不满意).
export function Face({ mood, size = 72 }: { mood: number; size?: number }) {
  // mood: 2 … -2
  const y = 62 - mood * 5;
  const bend = 62 + mood * 9;
  return (
    <svg width={size} height={size} viewBox="0 0 100 100" aria-hidden="true">
      <circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" strokeWidth="7" />
      <circle cx="35" cy="40" r="6" fill="currentColor" />
      <circle cx="65" cy="40" r="6" fill="currentColor" />
      <path d={`M 28 ${y} Q 50 ${bend} 72 ${y}`} fill="none" stroke="currentColor" strokeWidth="7" strokeLinecap="round" />
    </svg>
  );
}
