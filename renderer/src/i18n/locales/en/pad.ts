// Strings of the pad role (English).
export default {} as Record<string, unknown>;
