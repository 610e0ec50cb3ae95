// 等候 as the counter shows it: from issue until the call. Once the citizen is called the wait is
// over (the screen then counts 已叫 / 办理 instead), so the figure stops instead of growing.
export function waitedMs(t: { issuedAt: string; calledAt?: string | null; startedAt?: string | null }, now: number): number {
  const end = t.calledAt ? Date.parse(t.calledAt) : t.startedAt ? Date.parse(t.startedAt) : now;
  return Math.max(0, end - Date.parse(t.issuedAt));
}

/** Minutes a citizen with `ahead` people before them may wait: the kiosk's, the display's and the tracking page's one formula. */
export function waitMinutes(ahead: number, avgServiceMinutes: number, servingWindows: number): number {
  return Math.ceil((ahead * avgServiceMinutes) / Math.max(1, servingWindows));
}
