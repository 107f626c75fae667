/** Guest model -> element tree, in the order and spelling `virsh dumpxml` uses. */
import type { Address, Disk, Guest, Nic, PciAddr } from './guest.js';
import { el, type XNode } from './xml.js';

const hex = (n: number, width: number): string => `0x${n.toString(16).padStart(width, '0')}`;

function address(g: Guest, a: Address | undefined): XNode | undefined {
  if (!a) return undefined;
  switch (a.type) {
    case 'pci': {
      const dec = g.spelling.pciDecimal;
      return el('address', {
        type: 'pci',
        domain: dec ? 0 : '0x0000',
        bus: dec ? a.bus : hex(a.bus, 2),
        slot: dec ? a.slot : hex(a.slot, 2),
        function: dec ? a.fn : hex(a.fn, 1),
        multifunction: a.multifunction ? 'on' : undefined,
      });
    }
    case 'drive': return el('address', { type: 'drive', controller: a.controller, bus: a.bus, target: a.target, unit: a.unit });
    case 'virtio-serial': return el('address', { type: 'virtio-serial', controller: a.controller, bus: a.bus, port: a.port });
    case 'usb': return el('address', { type: 'usb', bus: a.bus, port: a.port });
  }
}

const UNIT_KIB = { KiB: 1, MiB: 1024, GiB: 1024 * 1024 } as const;

function memory(name: string, g: Guest, kib: number): XNode {
  let unit = g.spelling.memUnit;
  if (kib % UNIT_KIB[unit]) unit = kib % UNIT_KIB.MiB ? 'KiB' : 'MiB';
  return el(name, { unit }, String(kib / UNIT_KIB[unit]));
}

function uuid(g: Guest): string {
  switch (g.spelling.uuid) {
    case 'dashed': return g.uuid;
    case 'compact': return g.uuid.replace(/-/g, '');
    case 'upper': return g.uuid.toUpperCase();
  }
}

function disk(g: Guest, d: Disk): XNode {
  let source: XNode | undefined;
  if (d.source !== undefined) {
    if (d.type === 'file') source = el('source', { file: d.source });
    else if (d.type === 'block') source = el('source', { dev: d.source });
    else source = el('source', { protocol: 'rbd', name: d.source }, ...(d.monitors ?? []).map((h) => el('host', { name: h, port: 6789 })));
  }
  return el('disk', { type: d.type, device: d.device },
    el('driver', { name: 'qemu', type: d.format, cache: d.cache, io: d.io, discard: d.discard ? 'unmap' : undefined }),
    source,
    el('target', { dev: d.target, bus: d.bus }),
    d.bootOrder !== undefined && el('boot', { order: d.bootOrder }),
    d.readonly && el('readonly'),
    d.serial !== undefined && el('serial', {}, d.serial),
    address(g, d.address));
}

function nic(g: Guest, n: Nic): XNode {
  const mac = g.spelling.macUpper ? n.mac.toUpperCase() : n.mac;
  const source = n.type === 'network' ? el('source', { network: n.source })
    : n.type === 'bridge' ? el('source', { bridge: n.source })
      : el('source', { dev: n.source, mode: 'bridge' });
  return el('interface', { type: n.type },
    el('mac', { address: mac }),
    source,
    el('model', { type: n.model }),
    n.queues !== undefined && el('driver', { name: 'vhost', queues: n.queues }),
    n.mtu !== undefined && el('mtu', { size: n.mtu }),
    address(g, n.address));
}

function pciAddr(g: Guest, a: PciAddr): XNode {
  return address(g, a)!;
}

function devices(g: Guest): XNode {
  const out: XNode[] = [el('emulator', {}, g.emulator)];
  for (const d of g.disks) out.push(disk(g, d));
  // libvirt keeps controllers of one type together, by index
  const typeRank = new Map<string, number>();
  for (const c of g.controllers) if (!typeRank.has(c.type)) typeRank.set(c.type, typeRank.size);
  const controllers = [...g.controllers].sort((a, b) => typeRank.get(a.type)! - typeRank.get(b.type)! || a.index - b.index);
  for (const c of controllers) {
    const target = c.chassis !== undefined || c.busNr !== undefined
      ? el('target', { chassis: c.chassis, port: c.port !== undefined ? hex(c.port, 1) : undefined, busNr: c.busNr })
      : undefined;
    out.push(el('controller', { type: c.type, index: c.type === 'usb' && c.model === 'none' ? undefined : c.index, model: c.model, ports: c.ports },
      c.modelName !== undefined && el('model', { name: c.modelName }),
      target,
      address(g, c.address)));
  }
  for (const n of g.nics) out.push(nic(g, n));
  g.serials.forEach((s, i) => {
    const target = s.targetType || s.model
      ? el('target', { type: s.targetType, port: i }, s.model && el('model', { name: s.model }))
      : el('target', { port: i });
    out.push(el('serial', { type: s.type }, s.type === 'file' && el('source', { path: s.path }), target));
  });
  for (const c of g.consoles) {
    const serial = g.serials[0];
    out.push(el('console', { type: c.target === 'serial' && serial?.type === 'file' ? 'file' : 'pty' },
      c.target === 'serial' && serial?.type === 'file' && el('source', { path: serial.path }),
      el('target', { type: c.target, port: 0 })));
  }
  for (const ch of g.channels) {
    out.push(el('channel', { type: ch.type }, el('target', { type: 'virtio', name: ch.name }), address(g, ch.address)));
  }
  for (const i of g.inputs) out.push(el('input', { type: i.type, bus: i.bus }, address(g, i.address)));
  if (g.tpm) out.push(el('tpm', { model: g.tpm.model }, el('backend', { type: 'emulator', version: '2.0' })));
  if (g.graphics) {
    const gr = g.graphics;
    out.push(gr.port !== undefined
      ? el('graphics', { type: gr.type, port: gr.port, autoport: 'no', listen: gr.listen }, el('listen', { type: 'address', address: gr.listen }))
      : el('graphics', { type: gr.type, port: gr.type === 'vnc' ? -1 : undefined, autoport: 'yes', listen: gr.listen }, el('listen', { type: 'address', address: gr.listen })));
  }
  if (g.video) {
    const v = g.video;
    out.push(el('video', {}, el('model', { type: v.model, ram: v.ram, vram: v.vram, vgamem: v.vgamem, heads: v.heads, primary: 'yes' }), pciAddr(g, v.address)));
  }
  for (const h of g.hostdevs) {
    out.push(el('hostdev', { mode: 'subsystem', type: 'pci', managed: 'yes' },
      el('source', {}, el('address', { domain: '0x0000', bus: hex(h.source.bus, 2), slot: hex(h.source.slot, 2), function: hex(h.source.fn, 1) })),
      pciAddr(g, h.address)));
  }
  if (g.watchdog) out.push(el('watchdog', { model: 'i6300esb', action: g.watchdog.action }, pciAddr(g, g.watchdog.address)));
  const mb = g.memballoon;
  out.push(el('memballoon', { model: mb.model }, mb.period !== undefined && el('stats', { period: mb.period }), address(g, mb.address)));
  if (g.rng) out.push(el('rng', { model: 'virtio' }, el('backend', { model: 'random' }, '/dev/urandom'), pciAddr(g, g.rng.address)));
  if (g.iommu) {
    const a = g.iommu.accel;
    out.push(el('iommu', { model: 'smmuv3' }, a && el('driver', {
      pciBus: a.pciBus, accel: 'on', cmdqv: a.cmdqv, ats: a.ats ? 'on' : 'off', ril: a.ril ? 'on' : 'off', ssidsize: a.ssidsize, oas: a.oas,
    })));
  }
  return el('devices', {}, ...out);
}

export function guestTree(g: Guest): XNode {
  const topo = g.cpu.topology;
  const numa = g.cpu.numa && el('numa', {}, ...g.cpu.numa.map((c, id) => {
    const mem = memory('cell', g, c.memKiB);
    return el('cell', { id, cpus: c.cpus, memory: (mem.children[0] as { text: string }).text, unit: mem.attrs[0][1] });
  }));
  const cpu = el('cpu', { mode: g.cpu.mode, match: g.cpu.mode === 'custom' ? 'exact' : undefined, check: g.cpu.check },
    g.cpu.model !== undefined && el('model', { fallback: 'forbid' }, g.cpu.model),
    el('topology', { sockets: topo.sockets, dies: topo.dies, cores: topo.cores, threads: topo.threads }),
    ...g.cpu.features.map(([policy, name]) => el('feature', { policy, name })),
    numa);
  const f = g.features;
  const features = el('features', {},
    f.acpi && el('acpi'),
    f.apic && el('apic'),
    f.pae && el('pae'),
    f.hyperv && el('hyperv', { mode: 'custom' },
      el('relaxed', { state: 'on' }),
      el('vapic', { state: 'on' }),
      el('spinlocks', { state: 'on', retries: f.hyperv.spinlocks }),
      f.hyperv.vpindex && el('vpindex', { state: 'on' }),
      f.hyperv.vpindex && el('synic', { state: 'on' })),
    f.gic !== undefined && el('gic', { version: f.gic }),
    f.vmportOff && el('vmport', { state: 'off' }),
    f.smm && el('smm', { state: 'on' }));
  const bootByOrder = g.disks.some((d) => d.bootOrder !== undefined);
  const os = el('os', {},
    el('type', { arch: g.arch, machine: g.machine }, 'hvm'),
    g.firmware && el('loader', { readonly: 'yes', type: 'pflash' }, g.firmware.loader),
    g.firmware && el('nvram', {}, g.firmware.nvram),
    !bootByOrder && el('boot', { dev: 'hd' }));
  return el('domain', { type: 'kvm' },
    el('name', {}, g.name),
    el('uuid', {}, uuid(g)),
    g.title !== undefined && el('title', {}, g.title),
    g.description !== undefined && el('description', {}, g.description),
    memory('memory', g, g.memoryKiB),
    memory('currentMemory', g, g.currentKiB),
    el('vcpu', { placement: 'static', current: g.vcpuCurrent }, String(g.vcpus)),
    os,
    features,
    cpu,
    el('clock', { offset: g.clock.offset }, ...g.clock.timers.map((t) => el('timer', { name: t.name, tickpolicy: t.tickpolicy, present: t.present }))),
    el('on_poweroff', {}, 'destroy'),
    el('on_reboot', {}, 'restart'),
    el('on_crash', {}, g.onCrash),
    g.family !== 'aarch64' && el('pm', {}, el('suspend-to-mem', { enabled: 'no' }), el('suspend-to-disk', { enabled: 'no' })),
    devices(g));
}
