import test from 'ava';
import { renderFormat } from '../../src/rules/printf.js';

test('positional and plain conversions render alike', (t) => {
  t.is(renderFormat('Target disk bus %1$s does not match source %2$s', ['sata', 'ide']), 'Target disk bus sata does not match source ide');
  t.is(renderFormat('Target disk bus %s does not match source %s', ['sata', 'ide']), 'Target disk bus sata does not match source ide');
});

test('PCI address widths and the 9.0.0 missing space', (t) => {
  const args = [0, 1, 3, 0, 0, 1, 2, 0];
  t.is(renderFormat('Target device PCI address %04x:%02x:%02x.%ddoes not match source %04x:%02x:%02x.%d', args),
    'Target device PCI address 0000:01:03.0does not match source 0000:01:02.0');
  t.is(renderFormat('Target device PCI address %1$04x:%2$02x:%3$02x.%4$d does not match source %5$04x:%6$02x:%7$02x.%8$d', args),
    'Target device PCI address 0000:01:03.0 does not match source 0000:01:02.0');
});

test('null strings, unsigned wrap, 64-bit values', (t) => {
  t.is(renderFormat('%1$s/%2$s', [null, undefined]), '(null)/(null)');
  t.is(renderFormat('%1$u', [-1]), '4294967295');
  t.is(renderFormat("'%1$llu' '%2$llx'", [18446744073709551615n, 255n]), "'18446744073709551615' 'ff'");
  t.is(renderFormat('%1$x.%2$x.%3$04x', [0xfe, 0, 0x1a]), 'fe.0.001a');
});

test('%d of an unsigned value at or above 2^31 is negative, as C prints it (found by fuzzing)', (t) => {
  // libvirt 9.0.0: <address type='drive' controller='4294967295'/> gives "drive address -1:0:0"
  t.is(renderFormat('%1$d:%2$d:%3$d', [4294967295, 2147483648, 3000000000]), '-1:-2147483648:-1294967296');
  t.is(renderFormat('%1$lld', [4294967295]), '4294967295');
});
