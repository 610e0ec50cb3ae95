// Strings of the manager role (English).
export default {} as Record<string, unknown>;
