// The demo's simulated devices, one set per window. Filled in from native/ simulators.
export interface DemoDevices {
  perWindow: { idCardPort?: string; printer?: string; keyBoxPort?: string; ledPort?: string }[];
  describe(): string[];
  info(): unknown;
  close(): Promise<void>;
}

export async function startDemoDevices(_windows: number): Promise<DemoDevices> {
  return { perWindow: [], describe: () => [], info: () => null, close: async () => undefined };
}
