// Strings of the manager role (zh-CN). Keys are shared with ../en/manager.ts.
export default {} as Record<string, unknown>;
