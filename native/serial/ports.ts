// Serial port listing that degrades gracefully: SerialPort.list() shells out to udevadm on Linux,
// which is absent on some machines; then fall back to the device files themselves.
import { readdirSync } from 'node:fs';
import { SerialPort } from 'serialport';

export interface PortInfo {
  path: string;
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
}

export interface PortListing {
  ports: PortInfo[];
  /** true when the system listing failed and device files were scanned instead. */
  degraded: boolean;
  message?: string;
}

const DEV_PATTERNS = [/^ttyUSB\d+$/, /^ttyACM\d+$/, /^ttyS[0-3]$/, /^ttyAMA\d+$/, /^rfcomm\d+$/];

function scanDev(): PortInfo[] {
  const out: PortInfo[] = [];
  try {
    for (const name of readdirSync('/dev')) if (DEV_PATTERNS.some((re) => re.test(name))) out.push({ path: `/dev/${name}` });
  } catch {
    /* not a Unix-like /dev */
  }
  try {
    for (const name of readdirSync('/dev/serial/by-id')) out.push({ path: `/dev/serial/by-id/${name}` });
  } catch {
    /* none */
  }
  return out;
}

export async function listSerialPorts(): Promise<PortListing> {
  try {
    const ports = await SerialPort.list();
    return {
      ports: ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer, vendorId: p.vendorId, productId: p.productId, serialNumber: p.serialNumber })),
      degraded: false,
    };
  } catch (e) {
    return {
      ports: scanDev(),
      degraded: true,
      message: `系统串口枚举不可用（${(e as Error).message.split('\n')[0]}），已改为扫描 /dev 设备文件`,
    };
  }
}
