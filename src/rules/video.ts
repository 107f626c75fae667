// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { VideoAccelDef, VideoDef } from '../model/peripherals.js';
import { switchName } from '../parse/values.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, sub, type Step } from './framework.js';

const FN = 'virDomainVideoDefCheckABIStability';

export const videoCountRule = rule<readonly VideoDef[]>({
  id: 'video/count', family: 'video', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/video',
  format: 'Target domain video card count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

function num(id: string, key: 'ram' | 'vram' | 'vram64' | 'vgamem' | 'heads') {
  return rule<VideoDef>({
    id: `video/${id}`, family: 'video', libvirtFunction: FN, where: `model/@${key}`,
    format: `Target video card ${key} %1$u does not match source %2$u`,
    check: (s, d) => differ(s[key], d[key]),
  });
}

export const videoModelRule = rule<VideoDef>({
  id: 'video/model', family: 'video', libvirtFunction: FN, where: 'model/@type',
  format: 'Target video card model %1$s does not match source %2$s',
  check: (s, d) => differ(s.type, d.type),
});

export const videoAccelPresenceRule = rule<VideoDef>({
  id: 'video/acceleration', family: 'video', libvirtFunction: FN, where: 'model/acceleration',
  format: 'Target video card acceleration does not match source',
  check: (s, d) => (!s.accel !== !d.accel ? [] : undefined),
});

export const videoAccel2dRule = rule<VideoAccelDef>({
  id: 'video/accel2d', family: 'video', libvirtFunction: FN, where: '@accel2d',
  format: 'Target video card 2d accel %1$u does not match source %2$u',
  check: (s, d) => differ(s.accel2d, d.accel2d),
});

export const videoAccel3dRule = rule<VideoAccelDef>({
  id: 'video/accel3d', family: 'video', libvirtFunction: FN, where: '@accel3d',
  format: 'Target video card 3d accel %1$u does not match source %2$u',
  check: (s, d) => differ(s.accel3d, d.accel3d),
});

/** 11.7.0; libvirt prints each side's video *type* number read as a tristate switch. */
export const videoEdidRule = rule<VideoDef>({
  id: 'video/edid', family: 'video', libvirtFunction: FN, where: 'model/@edid', since: '11.7.0',
  format: 'Target video card edid %1$s does not match source %2$s',
  check: (s, d) => (s.edid !== d.edid ? [switchName(d.typeIndex), switchName(s.typeIndex)] : undefined),
});

export const videoSteps: Step<Domain>[] = [
  list<Domain, VideoDef>({
    id: 'video/list', select: (dom) => dom.devices.videos, itemPath: devicePath('video'),
    count: videoCountRule,
    each: [
      videoModelRule, num('ram', 'ram'), num('vram', 'vram'), num('vram64', 'vram64'), num('vgamem', 'vgamem'), num('heads', 'heads'),
      videoAccelPresenceRule,
      sub<VideoDef, VideoAccelDef>({ id: 'video/accel', where: 'model/acceleration', select: (v) => v.accel, steps: [videoAccel2dRule, videoAccel3dRule] }),
      videoEdidRule, ...virtioSteps, ...deviceInfoSteps,
    ],
  }),
];
