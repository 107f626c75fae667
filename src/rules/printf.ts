/**
 * Renders libvirt's printf-style format strings (plain `%s` or positional `%1$s`), with the
 * conversions its ABI messages use: s d u x zu lld llu llx, width and zero padding.
 */
export type FormatArg = string | number | bigint | null | undefined;

function toBig(v: FormatArg): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return 0n;
}

function convert(arg: FormatArg, conv: string, lengthMod: string): string {
  switch (conv) {
    case 's': return arg === null || arg === undefined ? '(null)' : String(arg);
    // %d of an unsigned int at or above 2^31 prints it negative, as C reads the bits as an int
    case 'd': return BigInt.asIntN(lengthMod.startsWith('l') || lengthMod === 'z' ? 64 : 32, toBig(arg)).toString();
    case 'u': {
      // %u of a negative int prints its 32-bit (or 64-bit with ll/z) two's complement
      const bits = lengthMod.startsWith('l') || lengthMod === 'z' ? 64n : 32n;
      const v = toBig(arg);
      return (v < 0n ? (1n << bits) + v : v).toString();
    }
    case 'x': case 'X': {
      const bits = lengthMod.startsWith('l') ? 64n : 32n;
      const v = toBig(arg);
      const s = (v < 0n ? (1n << bits) + v : v).toString(16);
      return conv === 'X' ? s.toUpperCase() : s;
    }
    default: return '';
  }
}

export function renderFormat(format: string, args: readonly FormatArg[]): string {
  let next = 0;
  return format.replace(/%(?:(\d+)\$)?(0?)(\d*)(ll|l|z|hh|h)?([sduxX%])/g, (_m, pos: string | undefined, zero: string, width: string, len: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const index = pos ? Number(pos) - 1 : next++;
    let out = convert(args[index], conv, len ?? '');
    if (width && out.length < Number(width)) out = out.padStart(Number(width), zero ? '0' : ' ');
    return out;
  });
}
