// Strings of the counter role (zh-CN). Keys are shared with ../en/counter.ts.
export default {} as Record<string, unknown>;
