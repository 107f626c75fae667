/** The QEMU driver's post-parse (qemuDomainDefPostParse and its device callbacks). */
import { unsupportedConfig } from '../parse/errors.js';
import type { QemuDefContext } from './context.js';
import { controllersPostParse, tsegPostParse, vcpusPostParse } from './post-parse-checks.js';
import { addDefaultDevices, deviceDefaults } from './post-parse-devices.js';

export function qemuPostParse(ctx: QemuDefContext): void {
  const { dom, accel } = ctx;
  // qemuDomainDefMachinePostParse: an absent machine is the emulator's default; an alias is expanded
  const name = dom.os.machine ?? accel.defaultMachine;
  const canonical = name === undefined ? undefined : accel.aliases.get(name) ?? name;
  const machine = canonical === undefined ? undefined : accel.machines.get(canonical);
  if (!machine) {
    throw unsupportedConfig(`Emulator '${ctx.caps.emulator}' does not support machine type '${name ?? ''}'`);
  }
  dom.os.machine = machine.name;
  ctx.machine = machine;
  addDefaultDevices(ctx);
  vcpusPostParse(ctx);
  tsegPostParse(ctx);
  // the device callbacks run after the domain callback (virDomainDefPostParse)
  deviceDefaults(ctx);
  controllersPostParse(ctx);
}
